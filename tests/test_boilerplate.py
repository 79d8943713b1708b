"""Boilerplate stage: the exact reason for each kind of removal; sentences that merely mention a phrase stay."""

from __future__ import annotations

import pytest
from conftest import text_page

from pipeline.model import Document
from pipeline.rules import load_boilerplate
from pipeline.stages import boilerplate


@pytest.fixture(scope="module")
def rules():
    return load_boilerplate()


@pytest.mark.parametrize(("line", "reason"), [
    ("Leave a Reply", "boilerplate.comment-form"),
    ("Your email address will not be published. Required fields are marked *", "boilerplate.comment-form"),
    ("发表评论", "boilerplate.comment-form"),
    ("Was this page helpful?", "boilerplate.feedback"),
    ("这篇文章对您有帮助吗？", "boilerplate.feedback"),
    ("Share this article: Facebook | Twitter | Email", "boilerplate.share"),
    ("分享到：微信 微博", "boilerplate.share"),
    ("We use cookies to improve your experience.", "boilerplate.cookie"),
    ("Subscribe to our newsletter", "boilerplate.newsletter"),
    ("Intended for healthcare professionals", "boilerplate.audience"),
    ("View Full Text", "boilerplate.full-text"),
    ("BMJ 1998; 317 doi: (Published 04 July 1998) Cite this as: BMJ 1998;317:13", "boilerplate.citation"),
    ("Breaking News", "boilerplate.ticker"),
    ("© 2026 Example Recovery Network. All rights reserved.", "boilerplate.copyright"),
    ("版权所有 2025 健康网 未经授权不得转载", "boilerplate.copyright"),
    ("首页 > 健康资讯 > 戒毒治疗", "boilerplate.navigation"),
    ("相关文章", "boilerplate.related"),
    ("上一篇：美沙酮维持治疗的历史", "boilerplate.related"),
    ("Friday, May 26, 2017", "boilerplate.date-banner"),
    ("2025年11月3日 星期一", "boilerplate.date-banner"),
    ("• Accepted 6 March 1998", "boilerplate.history"),
    ("1. Correspondence to: Dr Perneger", "boilerplate.author-block"),
    ("Article Sources", "boilerplate.references"),
    ("参考文献", "boilerplate.references"),
    ("Click to share on Twitter (Opens in new window)", "boilerplate.share"),
    ("【时习之】借冬奥“春风” 让冰雪运动进入寻常百姓家", "boilerplate.related"),
    ("少女财色兼收秘密(图)", "boilerplate.related"),
    ("To view the full story, please subscribe to The Daily Example.", "boilerplate.paywall"),
    ("Follow The Example Post on Twitter and Instagram @ExamplePost", "boilerplate.share"),
    ("Written permission must be obtained before reprint in online or print media.", "boilerplate.copyright"),
    ("We want to hear what you think about this article.", "boilerplate.feedback"),
    ("Image credit: Example Agency", "boilerplate.ads"),
    ("Last updated: 13 July 2020", "boilerplate.label"),
    ("2022年02月13日07:48 | 来源：新华日报", "boilerplate.label"),
    ("原标题：春季学期开学，织密返校疫情防控网", "boilerplate.label"),
    ("当前位置：首页>>新闻>>正文", "boilerplate.navigation"),
    ("【作者单位：中国社会科学院研究生院】", "boilerplate.author-block"),
    ("(摘自《我们的七十年代》，广西人民出版社)", "boilerplate.citation"),
    ("引用 投诉 支持 (2) 2004-12-13 09:02:13", "boilerplate.comment-form"),
    ("·电话专访阿汤哥：做明星的孩子不容易(组图) (04-19)", "boilerplate.related"),
    ("Do you want to be informed of our campaigns? Sign up here", "boilerplate.newsletter"),
    ("Health Weekly Newsletter", "boilerplate.newsletter"),
    ("Sign up Now!", "boilerplate.newsletter"),
    ("Get the Example Times Daily Edition by email and never miss our top stories Free Sign Up",
     "boilerplate.newsletter"),
    ("(Credit: Jane Doe / Example Agency)", "boilerplate.label"),
    ("methadone.html - Created 03-10-2004 2:20pm - Last Modified: 03-10-2004 2:20pm", "boilerplate.label"),
    ("January 13, 2020 at 08:45 AM | categories: Health, Opioids | View Comments", "boilerplate.comment-form"),
    ("For the latest stories download the Example News apps for iOS and Android.", "boilerplate.app-promo"),
    ("5. 吴宗宪的女儿和张铁林的女儿，你们觉得谁的更漂亮呢(12)", "boilerplate.related"),
    ("#re: 很高兴入住博客堂", "boilerplate.comments"),
    ("lr9111[219.130.79.*] 认为： 引用 投诉 支持 (2) 2004-12-13 09:02:13", "boilerplate.comments"),
    ("〓 网易娱乐 留言板 发布时间 2005/05/17 22:11:42 by 眉间尺 〓", "boilerplate.comments"),
    ("12 Responses to “Methadone at home”", "boilerplate.comments"),
    ("最新评论", "boilerplate.comment-form"),
    ("新闻首页 > 健康 > 戒毒 > 正文", "boilerplate.navigation"),
    ("首页 | 时事 | 生活 | 财经 | 法律 | 文体 注册 | 登入 | 大家论坛 2006年12月27日（京港台时间）",
     "boilerplate.navigation"),
    ("www.example.gov.cn 2005年08月16日 来源：新华网", "boilerplate.label"),
    ("网易通行证： 密码：", "boilerplate.login"),
    ("互联网新闻信息服务许可证32120170004 视听节目许可证1008318号", "boilerplate.legal"),
    ("健康日报社出版|国内统一刊号：CN54—0002|邮发代号：67—1", "boilerplate.legal"),
    ("主办单位：健康委员会 承办单位：健康委员会办公厅", "boilerplate.legal"),
    ("② 凡本网注明“来源：XXX（非本网）”的作品，均转载自其它媒体，转载目的在于传递更多信息，并不代表本网赞同其观点。",
     "boilerplate.copyright"),
    ("访问:121369", "boilerplate.label"),
    ("You have 4 free articles left this month", "boilerplate.paywall"),
    ("You can keep up with me on Twitter", "boilerplate.share"),
    ("We rely on your support to make local news available to all", "boilerplate.appeal"),
    ("Want to Block Ads But Still Support Example?", "boilerplate.ads"),
    ("Subscribe to EXAMPLE and stay smart with more of your favorite writers.", "boilerplate.newsletter"),
    ("Read more: Clinic poised to open record-breaking methadone programme", "boilerplate.related"),
    ("Powered by WordPress.com VIP | Privacy Policy | Ad Choices", "boilerplate.legal"),
    ("Proudly powered by WordPress", "boilerplate.legal"),
    ("Use of and/or registration on any portion of this site constitutes acceptance of our User Agreement",
     "boilerplate.legal"),
    ("Forgot Password?", "boilerplate.login"),
    ("Comments are subject to our community guidelines, which can be viewed here.", "boilerplate.comment-form"),
    ("Add Your Comment", "boilerplate.comment-form"),
    ("No spam, we promise.", "boilerplate.newsletter"),
    ("I know that I may withdraw my consent at any time.", "boilerplate.legal"),
    ("已有92577人获得方案", "boilerplate.ads"),
    ("下载为PDF", "boilerplate.full-text"),
    ("{* backButton *} {* forgotPassword_sendButton *}", "boilerplate.template"),
    ("{{ article.byline }}", "boilerplate.template"),
    ('<SCRIPT LANGUAGE="JavaScript1.1" SRC="http://ads.example.com/show?user=A|B&js=on"></SCRIPT>',
     "boilerplate.markup"),
    ('<NOSCRIPT><A HREF="http://ads.example.com/click"><IMG SRC="http://ads.example.com/ad.gif"></A></NOSCRIPT>',
     "boilerplate.markup"),
    ("Staff Writer", "boilerplate.label"),
    ("[娱乐观察] [高端阅读]", "boilerplate.navigation"),
    ("随笔分类", "boilerplate.navigation"),
    ("Blog名：健康一叶 日志：279 评论：587 留言：31 访问：121369 建立于：2004年10月6日", "boilerplate.label"),
    ("http://www.example.net 2005年03月21日 11:21 《健康周刊》", "boilerplate.label"),
    ("Startseite", "boilerplate.navigation"),
    ("Impressum | Datenschutz | Kontakt", "boilerplate.legal"),
    ("Diesen Artikel teilen", "boilerplate.share"),
    ("Ist dieser Beitrag hilfreich?", "boilerplate.feedback"),
    ("Jetzt zum kostenlosen Newsletter anmelden", "boilerplate.newsletter"),
    ("© 2020 Beispiel Verlag. Alle Rechte vorbehalten.", "boilerplate.copyright"),
    ("Meist gelesen", "boilerplate.related"),
    ("Para comentar debes registrarte y completar los datos generales.", "boilerplate.comment-form"),
    ("Kein Bock auf Werbung?", "boilerplate.ads"),
    ("Was passiert mit meinen Daten?", "boilerplate.cookie"),
    ("购楼即赚已成往事 房产投资开始考验判断力2005-03-25 15:10:13", "boilerplate.related"),
    ("和谐社会 出租车升级北京城市名片(05/13 14:13)", "boilerplate.related"),
    ("关于北京一日游，我也来诉诉苦！！【风萧萧43】08-14 17:03 600字 [276/0]", "boilerplate.related"),
    ("[点击此处收藏本文] 发表于2005年09月07日 11:57 AM", "boilerplate.share"),
    ("孩子，夏令营让你得到了什么？| 回首页 | 2005年索引", "boilerplate.navigation"),
    ("地址：南京市建邺区江东中路369号 邮编：210092 联系我们：025-96096(24小时)", "boilerplate.contact"),
    ("健康网版权与免责声明：", "boilerplate.legal"),
    ("原创版权禁止商业转载 授权>>", "boilerplate.copyright"),
    ("（更多内容请继续关注 健康网 www.example.com.cn）", "boilerplate.related"),
    ("BVINEWS.COM", "boilerplate.url"),
    ("健康网门户网站 www.example.gov.cn", "boilerplate.url"),
    ("http://www.example.org/methadone/", "boilerplate.url"),
    ("We recommend the best products through an independent review process, and advertisers do not influence "
     "our picks.", "boilerplate.ads"),
    ("更多评论 共 4 条评论", "boilerplate.comment-form"),
    ("您的发表的评论将在5分钟内被审核，请耐心等待", "boilerplate.comment-form"),
])
def test_reason_codes(rules, line, reason):
    assert rules.reason_for(line) == reason


@pytest.mark.parametrize("line", [
    "Patients who reply to the survey within a week receive a reminder about their methadone dose.",
    "医生在评论这项研究时指出，美沙酮维持治疗可以降低复吸率。",
    "Share of patients retained in treatment rose from 40% to 62% after the program began offering take-home doses.",
    "The study was accepted by the ethics committee of the University of Geneva before recruitment.",
    "Breaking news of an overdose cluster, the health department issued a warning about fentanyl in the local supply.",
    "Heroin withdrawal symptoms include pain, nausea, vomiting and diarrhea.",
    "记者：你通过什么渠道最快地获取这些信息？",
    "支持美沙酮维持治疗的研究越来越多，证据也越来越充分。",
    "The new phone gets a fingerprint sensor instead of face unlock. Image credit: the maker's website",
    "Patients who follow the programme on their own often relapse within weeks of stopping methadone.",
    "Subscribers to the trial registry receive no payment for reporting adverse events.",
    "Patients can download the clinic's app for iOS to book their methadone dose.",
    "1. Smith J, Jones K. Methadone maintenance and retention (2005)",
    "3. 美沙酮维持治疗的脱失率（2005）",
    "Comments from patients were collected after each session.",
    "专家评论说，新药需经审核才能上市。",
    "| 剂量 | 10 mg | 20 mg | 40 mg | 60 mg | 80 mg |",
    'File "<stdin>", line 1, in <module>',
    "Replace <year> and <month> with the release you want to install.",
    "Participants may receive compensation for travel expenses and time spent at study visits.",
    "The FDA's direct-to-consumer advertising policy has changed considerably since 1997.",
    "Participants were asked to send us a message through the app whenever a migraine began.",
    "Patients who sign up to receive text-message reminders took their statins more reliably.",
    "The NICE guidance, last updated 2021, recommends statins for adults with a 10% risk.",
    "112 responses to the online survey were included in the analysis.",
    "Re: the question of dose, most clinics start at 30 mg.",
    "For more information about methadone clinics near you, ask your doctor.",
    "1. 治疗组（30）",
    "2、阿司匹林肠溶片（100）",
    "如有发热请及时联系我们的随访护士。",
    "Check your inbox for the test results before your next appointment at the clinic.",
    "Patients who block ads reported no difference in how often they read about treatment options.",
    "Read more about methadone in our guide to opioid treatment.",
    "The programme was powered by volunteers and a small grant from the city.",
    "Powered by community donations, the clinic now treats 300 patients a year with methadone.",
    "Patients may withdraw consent at any time without affecting their treatment.",
    "You may withdraw your consent at any time without penalty or loss of benefits.",
    "Each of these factors may make a contribution to the risk of relapse.",
    "已有120人参与本研究，其中男性86人。",
    "We rely on clinical trials to decide which treatment works best.",
    "美沙酮门诊于2005-03-25 15:10开始接诊，首日有120名患者。",
    "共纳入患者120例（2015-2018年）。",
    "The staff writer who covered the clinic for a year described the waiting lists in detail.",
    "[1] 美沙酮维持治疗的疗效评价",
    "入院时收缩压：150 舒张压：95 心率：88，给予美沙酮30毫克。",
    "Methadon ist ein synthetisches Opioid, das in der Substitutionstherapie eingesetzt wird.",
    "Die Patienten teilen ihre Erfahrungen mit der Substitutionstherapie in wöchentlichen Gruppen.",
    "患者的访问次数和用药剂量都记录在病历中。",
    "研究的主办单位和承办单位分别负责经费和现场组织，这在多中心试验中很常见。",
    "More information is at www.example.org. Patients may also call the clinic.",
    "发布时间：2020-01-01 10:00",
    "Responses to treatment varied between the two arms of the trial.",
    "其次，提供音频和视频内容的播客，使本来已经很麻烦的互联网版权问题更加复杂。美国唱片工会表示：播客在使用其它音乐时，"
    "一定要获得版权所有者或制作人的许可，否则可能会引发法律纠纷，这也是业内人士普遍担心的问题。",
])
def test_sentences_that_mention_a_phrase_stay(rules, line):
    assert rules.reason_for(line) is None


@pytest.mark.parametrize(("line", "reason"), [
    ("© 2022, ExampleNews.com. This article is the copyrighted property of Example News. Written permission must "
     "be obtained before reprint in online or print media. Reprinting content without permission is theft.",
     "boilerplate.copyright"),
    ("This post contains references to products from one or more of our advertisers. We may receive compensation "
     "when you click on links to those products. Terms apply to the offers listed on this page. For an explanation "
     "of our Advertising Policy, visit this page.", "boilerplate.ads"),
    ("Follow The Example Post on Twitter and Instagram @ExamplePost and on Facebook @ExamplePostNews. Send us a "
     "message on WhatsApp at 1-876-555-0100 or email us at news@example.com or letters@example.com with your tips",
     "boilerplate.contact"),  # the reason covering most of the line: the contact sentence is the longer
])
def test_a_long_line_made_mostly_of_boilerplate_sentences_goes(rules, line, reason):
    assert len(line) > 200
    assert rules.reason_for(line) == reason


@pytest.mark.parametrize("line", [
    "Should every hospital, regardless of its size, its location or its funding, be required to employ a team of "
    "addiction specialists, pharmacists, social workers and specialist nurses? Most experts say yes. Few can.",
    "出院后患者如出现发热、伤口红肿或疼痛加重等情况，应及时联系我们的随访护士，由随访护士安排复诊时间，必要时再次入院接受"
    "进一步的检查和治疗，以免延误病情。本组随访共持续十二个月，期间无患者失访，所有患者均完成了全部随访。",
])
def test_a_long_paragraph_is_not_judged_by_whole_line_rules(rules, line):
    assert len(line) > 200 or len(line) > 80
    assert rules.reason_for(line) is None


def test_a_paragraph_with_one_boilerplate_sentence_stays(rules):
    line = ("Methadone maintenance reduced illicit opioid use in every arm of the trial, and retention at one year "
            "was higher among patients who received take-home doses after the first month. The authors caution that "
            "the sites were urban clinics with long waiting lists. All rights reserved.")
    assert len(line) > 200
    assert rules.reason_for(line) is None


def test_stage_keeps_offsets_and_records_reasons(context):
    text = "Breaking News\n\n  Methadone reduces cravings.  \nLeave a Reply\n"
    page = text_page(text)
    doc = boilerplate.run(Document(page=page), context)
    assert [(line.text, line.start, line.end) for line in doc.kept] == [("Methadone reduces cravings.", 17, 44)]
    assert text[17:44] == "Methadone reduces cravings."
    assert [(r.text, r.reason) for r in doc.removed] == [("Breaking News", "boilerplate.ticker"),
                                                         ("Leave a Reply", "boilerplate.comment-form")]
    assert doc.report["removed.boilerplate.ticker"] == 1
    assert doc.meta == {"title": None, "date": None, "authors": None, "doi": None, "citation": None}


def _run(text, context):
    page = text_page(text)
    return boilerplate.run(Document(page=page), context)


def test_spam_token_removed_and_the_rest_of_its_line_kept_with_offsets(context):
    text = "美沙酮维持治疗可以减少注射吸毒行为。\n鎏光阁官网患者每天在门诊服用一次美沙酮口服液。\n"
    doc = _run(text, context)
    assert [(r.text, r.reason) for r in doc.removed] == [("鎏光阁官网", "spam.injected")]
    second = doc.kept[1]
    assert second.text == "患者每天在门诊服用一次美沙酮口服液。"
    assert text[second.start:second.end] == second.text


def test_everything_after_a_references_heading_goes(context):
    text = ("Naloxone reverses an opioid overdose within minutes of a dose.\nReferences\n"
            "1. Smith J. Naloxone access. Lancet 2020;1:1-2.\nSome trailing line of the page.\n")
    doc = _run(text, context)
    assert [line.text for line in doc.kept] == ["Naloxone reverses an opioid overdose within minutes of a dose."]
    assert [r.reason for r in doc.removed] == ["boilerplate.references"] * 3


def test_with_a_title_from_the_format_only_a_line_saying_it_goes_to_meta(context):
    from dataclasses import replace
    body = "Methadone maintenance halves the risk of death among people who inject opioids, the review found."
    text = "Methadone saves lives\nA decade of methadone maintenance in review\n" + body
    page = replace(text_page(text), meta_hints={"title": "Methadone saves lives | Health News"})
    doc = boilerplate.run(Document(page=page), context)
    assert doc.meta["title"] == "Methadone saves lives | Health News"
    assert [(removal.text, removal.reason) for removal in doc.removed] == [("Methadone saves lives", "meta.title")]
    assert [line.text for line in doc.kept] == ["A decade of methadone maintenance in review", body]


def test_survey_lines_that_look_like_comment_headers_cut_nothing(context):
    text = ("Methadone maintenance was offered at all twelve clinics that took part in the survey last year.\n"
            "112 responses to the online survey were included in the analysis.\n"
            "Retention at one year was higher where take-home doses were allowed.\n"
            "25 replies to the questionnaire came from nurses working in rural clinics.\n"
            "Most nurses reported that waiting lists were the main barrier to treatment.")
    doc = boilerplate.run(Document(page=text_page(text)), context)
    assert doc.removed == ()


def test_a_byline_closing_the_article_moves_to_meta(context):
    body = "美沙酮维持治疗是阿片类药物成瘾的有效治疗方法，可以显著降低复吸率和死亡率。"
    doc = boilerplate.run(Document(page=text_page(body + "\n文：李明")), context)
    assert doc.meta["authors"] == ["李明"]
    assert [(removal.text, removal.reason) for removal in doc.removed] == [("文：李明", "meta.authors")]


def test_a_numbered_list_at_the_end_is_content(context):
    text = ("The survey asked clinicians which opioid treatments they prescribe most often in their practice.\n"
            "1. Methadone\n2. Buprenorphine\n3. Naltrexone\n7. Share\nPrivacy")
    doc = boilerplate.run(Document(page=text_page(text)), context)
    assert [line.text for line in doc.kept][1:] == ["1. Methadone", "2. Buprenorphine", "3. Naltrexone"]
    assert [(removal.text, removal.reason) for removal in doc.removed] == [
        ("7. Share", "boilerplate.edge"), ("Privacy", "boilerplate.edge")]
    assert boilerplate.numbered_list_lines(["1. a", "x", "2. b", "3. c", "4. d", "(5) e", "10. f"]) == {2, 3, 4, 5}


def test_words_spelt_with_look_alike_letters_are_spam(context):
    disguised = "Yоur соntеnt іѕ dеlіvеrеd tо thоuѕаndѕ оf rеаdеrѕ!"  # Cyrillic о, е, і, ѕ, а
    text = "Methadone reduces cravings for heroin in most patients.\n" + disguised + "\nМетадон снижает тягу."
    doc = boilerplate.run(Document(page=text_page(text)), context)
    assert [(removal.text, removal.reason) for removal in doc.removed] == [(disguised, "spam.disguised")]


@pytest.mark.parametrize("line", ["Patients received 50 μg of fentanyl and 2 μg/kg of dexmedetomidine.",
                                  "NF-κB activation and TNFα release were reduced in treated mice."])
def test_greek_letters_in_scientific_words_are_not_spam(context, line):
    doc = boilerplate.run(Document(page=text_page(line)), context)
    assert doc.removed == ()


def test_everything_from_the_first_of_two_comment_headers_goes(context):
    article = ("美沙酮维持治疗是阿片类药物成瘾的有效治疗方法，可以显著降低复吸率和死亡率。\n"
               "治疗需要在医生的指导下长期进行，剂量因人而异。")
    thread = ("#re: 美沙酮维持治疗\n2004-12-28 14:52\n李医生\n说得很好，谢谢分享。\n"
              "#re: 美沙酮维持治疗\n2004-12-29 8:31\n同意。")
    doc = boilerplate.run(Document(page=text_page(article + "\n" + thread)), context)
    assert [line.text for line in doc.kept] == article.split("\n")
    assert [removal.reason for removal in doc.removed] == ["boilerplate.comments"] * 7
    once = article + "\n#re: 美沙酮维持治疗\n下一段正文继续讨论剂量的调整方法和注意事项。"
    doc = boilerplate.run(Document(page=text_page(once)), context)
    assert [removal.text for removal in doc.removed] == ["#re: 美沙酮维持治疗"]


def test_title_authors_and_date_move_to_meta(context):
    text = ("Skip to content\nMethadone Maintenance in Primary Care\nBy Jane Doe and John Smith\n"
            "Published: March 3, 2024\n"
            "Methadone maintenance in primary care reduces illicit opioid use and keeps patients in treatment.\n"
            "Top 5 Trending Stocks\n")
    doc = _run(text, context)
    assert doc.meta["title"] == "Methadone Maintenance in Primary Care"
    assert doc.meta["authors"] == ["Jane Doe", "John Smith"]
    assert doc.meta["date"] == "2024-03-03"
    assert [(r.text, r.reason) for r in doc.removed] == [
        ("Skip to content", "boilerplate.navigation"),
        ("Methadone Maintenance in Primary Care", "meta.title"),
        ("By Jane Doe and John Smith", "meta.authors"),
        ("Published: March 3, 2024", "boilerplate.edge"),
        ("Top 5 Trending Stocks", "boilerplate.edge"),
    ]


def test_short_lines_between_content_stay(context):
    text = ("Heroin withdrawal starts within hours of the last dose and peaks in two days.\nAgonists\n"
            "Methadone and buprenorphine are agonists that relieve withdrawal symptoms.\n")
    doc = _run(text, context)
    assert [line.text for line in doc.kept][1] == "Agonists"
    assert doc.removed == ()


def test_headline_links_at_the_edge_go_but_on_topic_ones_stay(context):
    text = ("Naloxone reverses an opioid overdose within minutes of a dose.\n"
            "Tips On Getting Rid Of Caterpillars On Roses\n"
            "More Naloxone Training Sessions Announced\n")
    doc = _run(text, context)
    assert [(r.text, r.reason) for r in doc.removed] == [("Tips On Getting Rid Of Caterpillars On Roses",
                                                          "boilerplate.edge")]


def test_a_repeated_long_sentence_and_dialogue_turns_stay(context):
    from dataclasses import replace

    from pipeline.repeated import RepeatedLines, line_key

    sentence = ("Results: among the patients, the rates of abdominal pain, fever, diarrhea and vomiting "
                "were 82%, 44%, 38% and 23% respectively in the first week of treatment at the two clinics.")
    menu = "Example Clinic Network | Find a clinic near you"
    turns = ["医生：你好", "患者：医生您好，孩子咳嗽三天了，晚上比较厉害。", "医生：发烧吗？", "患者：没有发烧。",
             "医生：好的"]
    page = text_page(f"Naloxone reverses an opioid overdose within minutes of a dose.\n{menu}\n{sentence}\n"
                     + "\n".join(turns) + "\n")
    site = page.site
    seen = replace(context, repeated_lines=RepeatedLines.from_counts(
        {line_key(text, site): 50 for text in (menu, sentence, turns[0], turns[4])}, min_pages=5))
    doc = boilerplate.run(Document(page=page), seen)
    assert [(r.text, r.reason) for r in doc.removed] == [(menu, "boilerplate.repeated")]
    elsewhere = replace(context, repeated_lines=RepeatedLines.from_counts({line_key(menu, "other.org"): 50}, 5))
    assert boilerplate.run(Document(page=page), elsewhere).removed == ()  # another site's menu


def test_dialogue_turns_are_lines_opened_by_labels_that_open_other_lines():
    from pipeline.stages.boilerplate import dialogue_turns

    assert dialogue_turns(["医生：你好", "患者：咳嗽", "医生：几天了？", "患者：三天", "谢谢"]) == {0, 1, 2, 3}
    assert dialogue_turns(["Tel: 555", "Fax: 556", "Email: a@b.c", "Web: x.org"]) == set()  # labels open one line
    assert dialogue_turns(["Q: why?", "A: because.", "Q: how?"]) == set()  # too few to be a dialogue


def test_a_page_that_gave_no_text_says_why_in_removed(context):
    from dataclasses import replace
    page = replace(text_page(""), format="html", meta_hints={"extractor": "whole-page", "no_text": "Dose finder"})
    doc = boilerplate.run(Document(page=page), context)
    assert doc.kept == ()
    assert [(removal.text, removal.reason) for removal in doc.removed] == [("Dose finder", "extract.no-text")]
    assert doc.report["removed.extract.no-text"] == 1


def test_lines_removed_with_their_own_reasons_need_no_other(context):
    doc = boilerplate.run(Document(page=text_page("Leave a Reply\nSubscribe to our newsletter")), context)
    assert doc.kept == ()
    assert [removal.reason for removal in doc.removed] == ["boilerplate.comment-form", "boilerplate.newsletter"]
