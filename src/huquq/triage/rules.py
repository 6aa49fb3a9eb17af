"""Readable keyword rules, per category and for urgency, in all five languages.

The classifier learns the rest; these rules are for what must never be missed and for
wording the examples may not cover. Each pattern is a word start (stem) unless it
says otherwise, and is matched on lower-cased text with ё→е and one apostrophe.
Lines are grouped by language: ru, uz (Latin, then Cyrillic), tg, ky, en.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from huquq.triage.letters import fold, latin_to_cyrillic
from huquq.triage.regex_trie import KeywordPattern
from huquq.triage.vocab import Category, Urgency

_CATEGORY_PATTERNS: dict[str, tuple[str, ...]] = {
    Category.DETENTION: (
        # Not "задерживают зарплату" (wages held back) or a delayed flight.
        r"задерж(?!\w* (?:зарплат|выплат|оплат|деньг|пенси|рейс))|держат|держали|продержал",
        r"автозак|облав|рейд|цвсиг|сувсиг|спецприемник",
        r"обезьянник|отдел\w* полиц| в отделе|ивс(?:да|га|(?!\w))|изолятор|омон|сизо",
        # Tajik: in/to/from the police department, held by the police, "get in the car".
        r"(?:дар|ба|аз) отдел|(?:полиция|полиса|милиса|полис|мент)\w* (?:\w+ ){0,2}дошт",
        r"мошин\w* шин",
        r"(?:отвезли|привезли|доставили|увезли|отвез|привез|доставил|увез) (?:\w+ )?в отдел",
        r"комнат\w* полиции|не выпускают|(?:забрал|увез|задержал)\w* полиц",
        r"полиц\w+ (?:\w+ )?(?:забрал|увез|привез)",
        r"ushla(?!b qol)|otdelda|otdeliga|reyd|qamo|politsiya \w* ?olib ket|tutib tur|bo'limida",
        # "ушлаб қолди" is also "withheld" (wages); "отделга кел" is a summons, not an arrest.
        r"ушла(?!б қол)|отделда|отдели полиц|отделга (?:\w+ ){0,2}(?:олиб|обор|ҳайда|солиб|кирит)|"
        r"қамо|полиция \w* ?олиб кет|тутиб тур|бўлимида",
        r"эшикни ёпиб|қамаб|машинага солиб|ўтқазиб кет",
        r"доштанд|боздошт|ҳабс| habs|(?:полиция|politsiya|polis)\w* (?:\w+ )?girift",
        r"кармал|кармаш|камак|камап|бөлүмгө|бөлүмдө|ментовка|полиция (?:\w+ )?алып кет|"
        r"чыгарбай жат",
        r"эшикти жаап",
        r"detain|arrest|custody|police station|zabral\w* politsiya|politsiya zabral|v otdele",
        r"derjat|police (?:took|take|are taking)|held (?:at|by|in)",
        r"being held|locked up| raid|picked up by (?:the )?police|police picked",
        r" овд|опорн\w* пункт|(?:в|из|до) отдел(?!\w* (?:кадр|по вопрос|миграц))|отделени\w* полиц",
        r"(?:отпустили|выпустили) из",
        r"полици\w* (?:\w+ ){0,2}(?:выводят|вывел|увод|забира|увоз|задержива|повязал)",
        r"(?:police|cops)\w* (?:\w+ ){0,3}(?:take|took|bring|brought|keep|kept|stop|stopped|catch|"
        r"caught|put|hold|holding)|(?:to|in|at) (?:the )?(?:police )?station|police (?:van|car)",
        r"paddy wagon|detention cent|deportation cent|cent\w+ for foreigners|police room",
        r"(?:load|put|push|pull)\w* (?:\w+ ){0,5}into (?:a |the )?(?:police )?(?:van|bus|car)",
        r"полиция машина|полици\w* машин|машинасында отур|politsiya mashina|мошини полиция",
        r"put (?:\w+ )in (?:a |the )?(?:car|van|bus)",
    ),
    Category.MILITARY_CONTRACT: (
        r"контракт|минобороны|министерств\w* обороны|верх лист",
        r"закрыт\w* другим листом|не дали прочитать|не дают прочитать",
        r"kontrakt|harbiy shartnoma|armiyaga shartnoma|ҳарбий шартнома",
        r"шартнома бо минобороны|шартнома\w* ҳарбӣ|коғазро пӯшонида|болои коғаз",
        r"келишим\w* аскер|аскерге келишим|аскерге контракт",
        r"(?:military|army) contract|contract (?:with|for) the (?:army|military|defen)",
        r"contract soldier|sign (?:a|the) contract|signed (?:a|the) contract|covered with another",
        r"(?:give|gave|bring|brought|show|showed|force|forced|make|made)\w* (?:\w+ ){0,2}contract",
        r"contract (?:and|to) sign",
    ),
    Category.MILITARY_REGISTRATION: (
        r"военкомат|повестк|воинск\w* уч|мобилизац|призыв|медкомисс|военно врачеб",
        r" сво(?!\w)|на учет в военкомат|voenkomat|voyenkomat|povestka|harbiy hisob",
        r"mobilizats|ҳарбий ҳисоб|сафарбар|safarbar|ҳисоби ҳарбӣ|аскердик каттоо|каттоого тур",
        r"enlistment office|military registration|military commissariat|summons|conscript",
        r"mobili[sz]|draft(?:ed)? (?:to|into|office)|medical board|military service",
        r"military office|to the war|the front|армияда кызмат|кызмат өтө|в армию|ба армия|"
        r"to the army|приписн\w* свидетельств|военн\w* билет",
    ),
    Category.DOCUMENTS: (
        r"патент|регистрац|миграционн\w* (?:уч|карт)|учет по месту| внж| рвп",
        r"вид на жительство|разрешени\w* на (?:временное|работу)|гувм|по вопросам миграции",
        r"(?:прекращ|аннулир|отмен|лишени|лишат|лишил)\w* (?:\w+ )?гражданств",
        r"заявлени\w* на гражданство",
        r"(?:потерял|украли|забрал|отобрал|изъял|удерживает|не отдает|отдаст)\w* "
        r"(?:\w+ ){0,2}паспорт",
        r"паспорт\w* (?:\w+ )?(?:забрал|отобрал|не отдает|просроч|истекает)|просрочен|аннулир",
        r"patent|registrats|propiska| vnj| rvp|pasport\w* (?:olib qo|yo'qot)",
        r"прописка|паспорт\w* (?:олиб қў|йўқот)|шиноснома|миграция карт|migratsion\w* kart",
        r"паспорт\w* (?:\w+ ){0,2}(?:олиб қо|қайтариш|беришмая|йиғиб ол)|учет\w* (?:\w+ )?туга|"
        r"фуқаролик\w* (?:\w+ )?(?:бекор|ариза)",
        # "паспорти РФ гирифтам" is "I got a Russian passport"; "гирифтанд" is "they took".
        r"паспорт\w* (?:\w+ )?(?:гум|гирифтанд|гирифтааст)|регистрацияам|каттоо\w* (?:мөөнөт|бүт)",
        r"паспортумду|паспортун алып|мөөнөтү|жарандыктан ажырат|уведомлени",
        r"шаҳрванд\w* (?:\w+ ){0,3}бекор|гражданство медиҳ",
        # A passport kept by someone else, in every language; papers missing altogether.
        r"паспорт\w* (?:\w+ ){0,3}(?:забрал|отобрал|не отда|не вернул|удерж|хужайинда|олиб куй|"
        r"кайтаришма|нигох|гирифтанд|гирифтааст|намедих|бербей)",
        r"(?:keep|keeps|kept|take|took|taken|hold|holds)\w* (?:\w+ ){0,2}passport",
        r"без документов|без паспорта|хужжатсиз|хуччат надор|документсиз|паспортсиз|"
        r"without (?:documents|papers|passport)|no documents",
        # Citizenship applied for, granted, lost.
        r"(?:apply|applied|application|help with|lose|losing|cancel|revok|strip|depriv)\w* "
        r"(?:\w+ ){0,2}citizenship|citizenship (?:application|test|exam)",
        r"фукаролик\w* (?:\w+ ){0,2}(?:бериладими|бериш|ариза|бекор|олиб куй|топшир)",
        r"жарандык\w* (?:\w+ ){0,2}(?:беришеби|беруу|ажырат|арыз)",
        r"citizenship (?:\w+ ){0,4}(?:cancel|revok|annul|strip)|"
        r"(?:гражданств|фукаролиг|шахрванди|жарандыг)\w* (?:\w+ ){0,3}(?:прекрат|аннулир|отмен|лиш|"
        r"олиш учун|получить|оформ|подать|подал|гирифтан|алуу|экзамен|имтихон)",
        # A passport kept by the employer is documents as well as labor.
        r"(?:хозяин|хўжайин|хужайин|корфармо|кожоюн|работодател|employer|boss|ээси)\w* "
        r"(?:\w+ ){0,4}(?:паспорт|pasport|passport)|"
        r"(?:паспорт|pasport|passport)\w* (?:\w+ ){0,3}(?:хозяин|хўжайин|хужайин|корфармо|кожоюн|"
        r"работодател|employer|boss)",
        r"work permit|residence permit|temporary residence|migration card|registration expir",
        r"late registration|migration registration|fined for|fine for (?:late |no )?registration",
        r"(?:lost|took|taken|kept|keeps|withhold\w*) (?:my |his |her )?passport|passport expir",
        r"(?:не вернул|не возвращ|не отдаю)\w* (?:\w+ ){0,2}паспорт",
        r"паспорт\w* (?:\w+ ){0,2}не вернул",
        r"(?<!military )registration|дактилоскоп",
    ),
    Category.DEPORTATION: (
        r"выдвор|депорт|запрет\w* (?:на )?въезд|нежелательн\w* пребыван|реестр\w* контролир",
        r"контролируем\w* (?:лиц|самостоятельн)|выслать|вышлют|выезд\w* до|отправ\w* домой",
        r"deport|chiqarib yuborish|kirish taqiq|чиқариб юбориш|кириш тақиқ|чегарада|qaytarishdi",
        r"reyestr|закрыли въезд|въезд закрыт|въезд запрещ|киргизбей",
        r"мефиристанд|манъи вуруд|реестри|цвсиг|сувсиг|аз россия баро",
        r"кирүүгө тыюу|чыгарып жибер|реестр|россиядан чыгып|rossiyadan chiqib",
        r"expel|expulsion|entry ban|banned from (?:entering|russia)|removal order|sent home",
        r"register of controlled|controlled persons|leave russia|leave the country",
        r"deportation cent|cent\w+ for foreigners|kicked out of russia",
        r"send (?:me|him|us) (?:back|home)",
        r"ҳайдаб юбор|чиқиб кетиш\w* керак|ихроҷ|өлкөдөн чыгар|покинуть (?:россию|страну|рф)",
        r"(?:обязан|должен|должна|должны) выехать|добровольн\w* выезд|уехать добровольно|"
        r"центр\w* (?:временного содержания )?(?:для )?иностран|выслат|для выезда|бояд баро(?:ям|"
        r"ем|ед|яд)",
        r"чыгып кет\w* (?:\w+ )?чечим|ба россия (?:намегузоранд|мегузоранд)|россияга кайра кир",
    ),
    Category.VIOLENCE: (
        r"избил|избив| бьют| били(?!\w)|ударил|удари|пытал|пытк|угрож|униж|на колен",
        r"вымога|требу\w* (?:по |с меня )?\d+|требу\w* (?:с меня |деньги|денег)",
        r"забрал\w* у меня \d+|чтобы отпустить|националист|русск\w* общин|балаклав|в маск",
        r"убьем|убить|напал|нападени|грозя|пригроз|слома(?:ю|ет|ть|ем)",
        r" urishdi| urishyapti| urdi|kaltak|do'pposla|tahdid|qo'rqit|burni sing",
        r" уриш| урди| уриб|синдир|калтак|дўппосл|таҳдид|ўлдир|урмоқчи| тепиш|"
        r"пичоқла|қувла",
        r"латукӯб| (?<!занг )заданд| (?<!занг )зада(?:анд)?(?!\w)| (?<!занг )зад(?!\w)|мезананд|"
        r"месӯзон|сӯзонем|ниқоб|мекушем|деҳ вагарна|тарсонд",
        r"талаб кард|таъқиб|корд доранд|quvla|pichoq|быча|нож|гоняются|поджечь",
        r"подожг| бьет|knife|chasing|чурк|гонятся|бегут за|преследу",
        r" уруп| урушту| урушуп| уря|понаех|чучмек|черномаз|will (?:beat|kill|burn|hurt|break)|"
        r"өлтүр|акча талап|сабап|сабаш|сабаг| урат|мезанад|кемсинт|кол салд|"
        r"чечиндир|ҳужум|burn (?:us|our|the)",
        r"beat(?:ing|en)?(?!\w)| hit(?:s|ting)?(?!\w)|punch|tortur|threat|humiliat|extort|bribe",
        r"attack|in masks|demanded (?:\d+|money)",
    ),
    Category.LABOR: (
        # An employer named is not yet a labour dispute ("the employer did not notify the
        # migration office" is about papers); foremen and middlemen mostly are.
        r"зарплат|не плат|не заплат|недоплат|прораб|бригадир|посредник|переработк",
        r"уволи|уволят|травм(?!пункт)|перелом|упал с|станок|без выходных|расчет не",
        r"не отдал\w* деньги",
        r"кадров\w* агентств|на объекте|за работу|по \d+ часов",
        r"(?:начальник|работодател|бригадир|хозяин|прораб)\w* (?:\w+ ){0,3}"
        r"(?:забрал|держит|отобрал|не отда)",
        # The employer and the wages or the passport in one breath, in every language.
        r"(?:работодател|хозяин|хўжайин|хужайин|иш берувчи|корфармо|кожоюн|иш берүүчү|фермер|"
        r"бошлиқ|employer|boss)\w* (?:\w+ ){0,4}(?:паспорт|pasport|passport|ойлик|маош|пул|айлык|"
        r"акча|зарплат|деньг|денег|salary|wage|pay)",
        r"(?:паспорт|pasport|passport|ойлик|маош|айлык|зарплат)\w* (?:\w+ ){0,3}(?:работодател|"
        r"хозяин|хўжайин|хужайин|иш берувчи|корфармо|кожоюн|иш берүүчү|employer|boss)",
        r"oylik|maosh|ish haqi|brigadir|pul bermay|jarohat|ishdan haydad|posrednik|vositachi",
        r"ойлик|иш ҳақи(?!да)|пулини ҳам берма|жароҳат|ишдан ҳайдад|воситачи",
        r"маош|пул намеди|pul namedih|maosh namedih|музд",
        r"пул надод|соатҳои зиёдатӣ|ҷароҳат",
        r"айлык|айлыг|маяна|акча бербей|deduct|вычита",
        r"из зарплат|аз маошам|ортомчу|иштетип|акы төлө",
        r"salary|wage|unpaid|not paid|didn't pay|overtime|injur\w* at work",
        r"staffing agency|recruit| fired|work without pay",
    ),
}

#: Now, or minutes to hours ago.
_NOW = (
    r"сейчас|прямо сейчас|сичас|счас(?!\w)|щас(?!\w)|сечас|только что|в данный момент|"
    r"с утра держат|уже \d+ час|час назад|"
    r"\d+ час\w* назад|seychas|sejchas|hozir|ҳозир|ertalabdan beri|\d+ soat bo'ldi|"
    r"\d+ соат бўлди|\d+ soat oldin|\d+ соат олдин|\d+ соат пеш|\d+ саат мурун|ҳоло|азыр|"
    r"right now| now(?!\w)|an hour ago|\d+ hours ago|at the moment|currently|"
    # For hours, since this morning or yesterday: still going on.
    r"\d+ соатдан бери|кечадан бери|эрталабдан бери|аз \d+ соат|аз дируз|\d+ сааттан бери|"
    r"кечээтен бери|эртең менен бери|for \d+ hours|since (?:this )?morning|since yesterday|"
    r"\d+ соат (?:боз|шуд)|\d+ саат болду|\d+ (?:кундан|күндөн) бери|\d+ рӯз (?:боз|шуд)|"
    r"с утра|со вчера|с вечера|всю ночь|вторые сутки|уже сутки"
)
#: Being held, beaten or pressed while the message is written.
_ONGOING = (
    r"держат|держит|везут|сажают|бьют|избивают|заставля(?:ют|ет)|принужда(?:ют|ет)|подсовыва|"
    r"требуют|увозят|стоим|"
    r"закрыли|подпиши|подписать|телефон не берет|не отвечает|в отделени|в отделе|в полиции|"
    r"в военкомате|в автозаке|в автобусе|в опорном|в участке|дар отдел|otdelda|бўлимда|бөлүмдө|"
    r"at the police station|"
    r"at a police station|derjat|derzhat|vezut|avtozak|автозак|o'tiribmiz|отурабыз|"
    r"нишастаем|chiqarishmayapti|намебароранд|quvlayapti|таъқиб мекунанд|chasing|"
    r"ushlab turishibdi|ushlab turishyapti|olib ketishyapti|majburlash|imzo chek|urishyapti|"
    r"ушлаб турибди|ўтирибмиз|ўтирибди|олиб кетишяпти|уришяпти|имзо чек|"
    r"ёпиб қўйиш|мебаранд|мефиристанд|истодаанд|имзо кун|маҷбур мекунанд|"
    r"жатышат|отурат|отурам|уруп жат|кол кой(?!\w)|чыгарбай|алып кетип|алып бар|кууп|"
    r"мебарад|мебарем|намемонанд|намемонад|намегузоранд|намегузорад|ивсда|ивс да|сизода|камакта|"
    r"камерада|"
    r"спецприемник|дарро бастанд|отургузуп|шинонданд|"
    r"driving|are beating|being held|taking (?:him|her|them)|is beating|locked inside|forcing|"
    r"выводят|гонятся|бегут за|заперл|не дают|не пускают|в вагончик|"
    r"in (?:the |a )?(?:bus|van|car|police|station|military office|enlistment office|cell|room)|"
    r"keep(?:s|ing)? (?:me|us|him|her|them)|"
    r"bring (?:us|them|me)|take (?:us|them|me)|taking (?:us|me)|holding|drive away|beating"
)
#: Taken or detained: immediate only after "now", "just", "an hour ago" (not "a year ago, now").
_TAKEN = (
    r"забрали|задержали|увезли|ushlab oldi|ushlashdi|olib ketishdi|ушлашди|олиб кетишди|дошт|"
    r"гирифтанд|бурданд|кармап|кармашты|алып кетти|олиб кетди|olib ketdi|ушлаб олиб|"
    r"солиб кетиш|ўтқазиб кетиш|олиб кетиш|олиб кириш|машинага сал|машинага сол|"
    r"(?:was|were) (?:taken|detained|arrested)|"
    r"took (?:him|her|them|my)"
)
#: Minutes or hours ago, or today: "taken an hour ago" is happening now too.
_JUST = (
    r"час назад|\d+ час\w* назад|только что|an hour ago|\d+ hours ago|\d+ soat oldin|"
    r"\d+ соат олдин|\d+ соат пеш|\d+ саат мурун|ҳозиргина|hozirgina|азыр эле|"
    r"сегодня|bugun|бугун|имрӯз|бүгүн|today|this morning|минут назад|минут олдин|minutes ago|"
    r"дақиқа пеш|мүнөт мурун"
)
#: Weeks, months or years ago.
_LONG_AGO = KeywordPattern(
    r"в прошлом (?:году|месяце)|на прошлой неделе|"
    r"(?:\d+|два|две|три|пару|несколько) (?:год|года|лет|месяц\w*|недел\w*) назад|"
    r"last (?:year|month|week)|\d+ (?:years|months|weeks) ago|"
    r"o'tgan (?:yil|oy|hafta)|ўтган (?:йил|ой|ҳафта)|\d+ (?:yil|oy) oldin|\d+ (?:йил|ой) олдин|"
    r"соли гузашта|моҳи гузашта|ҳафтаи гузашта|\d+ (?:сол|моҳ) пеш|"
    r"былтыр|өткөн (?:жылы|айда|жумада)|\d+ (?:жыл|ай) мурун"
)
#: Released since: "задержали сегодня утром, к вечеру отпустили" is no longer happening.
_RELEASED = KeywordPattern(
    r"(?<!не )отпустил|(?<!не )выпустил|released|let (?:him|her|me|us|them) go|"
    r"qo'yib yuborishdi|қўйиб юборишди|озод карданд|бошотушту|озодам|озод шуд|ozod"
)
#: Wording that is happening-now by itself.
_ONGOING_BY_ITSELF = (
    r"не выпускают|держат в|везут в|сажают в автобус|увозят|заставляют подписать|уришяпти|"
    # Beaten or put on a bus while writing: "нас бьют", "моро мезананд", "ба автобус шинонданд".
    r"(?:нас|меня) (?:\w+ )?(?:бьют|избивают)|(?:моро|маро) (?:\w+ )?мезананд|"
    r"(?:бизди|мени) (?:\w+ )?уруп жат|(?:they are|they're) beating (?:us|me)|"
    r"в автобус посадили|посадили в автобус|ба автобус шинонданд|кармап тур(?:ат|ушат)|"
    r"коркутуп жат|(?:я|мы) (?:\w+ ){0,3}(?:прячусь|прячемся)|(?:i am|"
    r"we are|im|i'm) hiding|"
    r"(?:закрыл|запер)\w* (?:нас|меня)|автобуска отургуз|автобусга ўтқаз|"
    r"чыгарбай жатышат|olib ketishyapti|олиб кетишяпти|ўтирибмиз|qo'yib yuborishmadi|"
    r"до сих пор не отпустили|ҳанӯз озод накарданд|озод накарданд|бошотушкан жок|"
    r"still hasn't been released|still not released|are driving them|is being held|are beating|"
    r"(?:қувла|уриш|тепиш|ушла|чиқарма|чиқаришма|олиб кет|мажбурла|қамаб|ёпиб|ўлдир|қайтариб юбор)"
    r"\w*(?:япти|моқда)|"
    # The writer is there now: "я в отделе", "нас везут", "otdeldaman", "I am in the van".
    r"(?:я|мы) (?:сейчас )?в (?:отдел|овд|автозак|военкомат|автобус|полиц|участк|цвсиг|камер|"
    r"спецпри)|"
    r"(?:нас|меня) (?:\w+ )?(?:везут|держат|не выпускают)|где (?:\w+ )?держат|"
    r"пишу (?:из|тайком|на бегу|с чужого)|"
    r"(?:i'm|i am|im|he's|he is|she's|she is|we are) still (?:here|there|inside|held|"
    r"in (?:the )?(?:station|cell|police))|"
    r"(?:отдел|военкомат|полиция|участка|автозак|цвсиг|сувсиг|спецприемник|аэропорт|суд|автобус|"
    r"машина|ивс)\w*да(?:ман|миз)|"
    r"(?:отдел|военкомат|полиция|участка|автозак|цвсиг|аэропорт)\w*да ўтириб|"
    r"дар (?:отдел|ментовка|полиция|полиса|военкомат|спецприемник|цвсиг|сувсиг|ивс|электричка|"
    r"мошин|автобус)\w* "
    r"(?:\w+ )?(?:ҳастам|ҳастем|ҳаст)|бөлүмдөмүн|бөлүмдөбүз|"
    r"(?:i am|i'm|im|we are|we're) (?:now )?in (?:the |a )?(?:police|station|van|bus|cell|"
    r"military office|enlistment office|detention)|"
    # The phone is about to be taken, a transport leaves within minutes.
    r"(?:забирают|заберут|отберут|отбирают) телефон|take (?:my|our) phone|telefonni olib qo|"
    r"через \d+ мин|через (?:полчаса|час)|in \d+ min|in (?:half an|an) hour|"
    r"\d+ daqiqa(?:dan)? keyin|\d+ дақиқа(?:дан)? кейин|"
    r"баъд аз \d+ дақиқа|\d+ мүнөттөн кийин"
)
#: Tonight or today, and a transport out (a deportation flight, a bus to the enlistment office)
#: or a threat to come back.
_TONIGHT = r"сегодня|имшаб|bugun|бугун|бүгүн|имрӯз|tonight|today|до вечера|то шом"
_DUE_TONIGHT = (
    r"вышлют|повезут|отправят|отправ\w* (?:домой|на родину)|самолет|рейс|цвсиг|"
    r"с вещами|with (?:his |my |your )?(?:things|belongings)|"
    # Or a threat to come back tonight: "до вечера не съедем — придут, переломают ноги".
    r"придут|приедут|переломают|сломают|убьют|подожгут|меоянд|келишади|will come|come back|"
    r"flight|plane|samolyot|учоқ|жўнат|мефиристанд|жөнөтүшөт|bus to|airport|аэропорт"
)
_IMMEDIATE_ALONE = KeywordPattern(
    _ONGOING_BY_ITSELF + r"|самолет\w* (?:сегодня|в \d)|рейс сегодня|имрӯз соати|бугун соат|"
    r"today at \d|flight (?:is )?(?:today|tonight)|в автобус\w* (?:в|до) военкомат|"
    r"avtobus\w* (?:ba|da) voenkomat|avtobusda voenkomat"
)
_NOW_WORDS = KeywordPattern(_NOW)
_ONGOING_WORDS = KeywordPattern(_ONGOING)
_TAKEN_WORDS = KeywordPattern(_TAKEN)
_JUST_WORDS = KeywordPattern(_JUST)
#: "задержали час назад": taken, then how recently, within a few words.
_JUST_GAP = 40

_TONIGHT_WORDS = KeywordPattern(_TONIGHT)
_DUE_TONIGHT_WORDS = KeywordPattern(_DUE_TONIGHT)
#: Most characters between "now" and what is happening (before, after) in one sentence.
_NOW_GAP = (80, 120)
_TONIGHT_GAP = 100
_SENTENCE_BREAK = re.compile(r"[.!?:\n]")
_WEEKDAYS = (
    r" понедельник| вторник| в среду| до среды| четверг| пятниц| суббот| воскресень|"
    r" dushanba| seshanba| chorshanba| payshanba| juma| shanba| yakshanba|"
    r" ponedelnik| vtornik| sredu| chetverg| pyatnits| subbot| voskresen|"
    r" душанба| сешанба| чоршанба| пайшанба| жума| шанба| якшанба|"
    r" рӯзи душанбе| сешанбе| чоршанбе| панҷшанбе| ҷумъа| шанбе| якшанбе|"
    r" дүйшөмбү| шейшемби| шаршемби| бейшемби| ишемби| жекшемби|"
    r" monday| tuesday| wednesday| thursday| friday| saturday| sunday"
)
_PAST_WEEKDAY = re.compile(fold(r"(?:прошл\w*|o'tgan|ўтган|гузашта|last) (?:" + _WEEKDAYS + ")"))
_HIGH = KeywordPattern(
    _WEEKDAYS + r"|завтра|послезавтра|в течение \d+ д|\d+ дн\w* на|через \d+ дн|до \d+-?го|"
    r"суд (?:в|через|назнач)|дали \d+ дн|ertaga|эртага|пагоҳ|pagoh|zavtra|эртең|"
    r"\d+ kun(?:dan keyin| ichida)|"
    r"\d+ кун(?:дан кейин| ичида)|"
    r"баъд аз \d+ рӯз|пас аз \d+ рӯз|\d+ рӯз пеш|\d+ күндүн ичинде|\d+ күндөн кийин|через неделю|"
    r"in \d+ days|within a week|\d+ kundan keyin|\d+ days? (?:to|left)|within \d+ days|"
    r"tomorrow|deadline|court (?:on|hearing)|before (?:the )?\w+day|сегодня \d+-?е|"
    r"отправка через|выехать до|обжаловани|шикоят қилиш мумкин|даттанса болот|даттанышым керек|"
    r"шикоятро то|жалоба до|до выходных|до конца недели|by the weekend|дар \d+ рӯз|"
    r"подписал\w* \w* ?\d+ дня назад|позавчера|"
    # Days left, next week, a date: "через 5 день", "осталось 5", "4 kunda", "7 күндө",
    # "2 кун қолди", "ҳафтаи оянда", "фардо", "by the 20th", "до 1 числа".
    r"через \d+ (?:ден|день|дня)|осталось \d+|\d+ (?:дня|дней) осталось|в течение \d+ (?:ден|дн)|"
    r"до \d+ числа|\d+ кунда|\d+ кун қолди|бир ҳафта ичида|\d+ күндө|\d+ күн ичинде|"
    r"\d+ күн калды|кийинки жумада|ҳафтаи оянда|фардо|то \d+ рӯз|\d+ рӯз баъд|\d+ рӯз дорам|"
    r"next week|by the \d+|before the end of (?:this|the) week|\d+ days? remain"
)


@dataclass(frozen=True)
class RuleHits:
    categories: dict[str, tuple[str, ...]]
    urgency: str | None
    urgency_words: tuple[str, ...]
    #: The message dates its events weeks, months or years back ("last year", "o'tgan oy").
    long_ago: bool = False
    #: Thanks and no request in it: a thank-you note is ``other``, whatever it recounts.
    thanks_only: bool = False


#: Thanks in the five languages (also Latin Uzbek and Tajik spelt in Cyrillic).
_THANKS = KeywordPattern(r"спасиб|благодар|рахмат|ташаккур|сипос|миннатдор|ыраазы|thank")
#: Anything that asks for something: a question mark, "help", "what to do", "urgent".
_REQUEST = KeywordPattern(
    r"\?|помоги|помогите|срочно|что делать|как быть|ёрдам|нима қил|нима кил|чӣ кор|чи кор|"
    r"жардам|эмне кыл|help|what (?:should|can|to)|urgent"
)

_CLOCK_OR_DATE = re.compile(r"(?<=\d)[.:](?=\d)")
_SEPARATORS = re.compile(r"[^\w'.!?:\n]+")
#: An apostrophe that is a quotation mark ('kontrakt'), not part of a word (o'g'il).
_QUOTE = re.compile(r"(?<!\w)'|'(?!\w)")


def normalise(text: str, spell_latin_in_cyrillic: bool = False) -> str:
    """Lower case, ё→е, letters folded (``letters.fold``), one apostrophe; punctuation other
    than sentence ends becomes a space, and so does a colon or dot between digits ("18:00",
    "20.11"): a time or a date does not end a sentence.

    Every word gets a space before it (also after a full stop): keyword patterns match
    at word starts by matching that space, which is much faster than a look-behind.
    With ``spell_latin_in_cyrillic`` (Uzbek, Russian or Tajik typed in Latin letters) the
    text is spelt in Cyrillic, so the Cyrillic rules of each language apply to it: the same
    figures on the development sets as matching both spellings, at half the cost.
    """
    text = _CLOCK_OR_DATE.sub(" ", fold(text.lower()))
    for mark in ".!?:\n":
        if mark in text:
            text = text.replace(mark, f" {mark} ")
    if "'" in text:
        text = _QUOTE.sub(" ", text)
    normalised = " " + _SEPARATORS.sub(" ", text) + " "
    if spell_latin_in_cyrillic:
        normalised = latin_to_cyrillic(normalised)
    return normalised


#: Money demanded: "20 ming tayyorla", "15 ҳазор мехоҳанд", "give 20000", "пул талаб":
#: extortion (violence), unless a hospital or a landlord asks for it or a job broker took it
#: (``_NOT_EXTORTION``).
_MONEY_DEMANDED = KeywordPattern(
    r"\d+ ?(?:000|тыс\w*|тыщ\w*|rubles?|руб\w*|ming|минг|ҳазор|миң)\w* (?:\w+ ){0,3}(?:дай|дать|"
    r"давай|give|gave|олади|олиш|мехоҳ|талаб|талап|тайёрла|берсең|бермасанг|деҳ|гирифт|мегир|"
    r"мепурс|алышт|забрал|отобрал)|"
    r"(?:give|pay|дай|дать|давай|берсең|бермасанг|деҳ|demand\w*|asked for)\w* "
    r"(?:\w+ ){0,2}\d+ ?(?:000|k |тыс|тыщ|руб|ming|минг|миң)|"
    r"(?:берет|берут|брал|брали|собира\w*|мегир\w*) (?:по |аз мо )?\d+|"
    r"минг сўра|пул сўра|пул талаб|(?:минг|ming) (?:\w+ )?(?:бер|олиб|олиш)"
)
_NOT_EXTORTION = KeywordPattern(
    r"брокер|broker|посредник|воситачи|ортомчу|агентств|agency|recruit|"
    r"больниц|роддом|оперир|операци|лечени|скорая|беморхона|бемористон|ҷарроҳ|табобат|касалхона|"
    r"тугрукхона|шифохона|даволаш|оорукана|төрөт|дарыла|hospital|surgery|treatment|"
    r"хозяин квартиры|хозяйка|арендодател|уй эгаси|хонадор|соҳибхона|батирдин ээси|landlord|rent"
)

_COMPILED = {
    category: KeywordPattern("|".join(lines)) for category, lines in _CATEGORY_PATTERNS.items()
}


def apply_rules(text: str, normalised: str | None = None) -> RuleHits:
    """Which categories and which urgency the keyword rules see in ``text``.

    ``normalised`` is ``normalise(text)`` when the caller has it already.
    """
    lowered = normalise(text) if normalised is None else normalised
    categories = {}
    for category, pattern in _COMPILED.items():
        words = _unique(pattern.findall(lowered))
        if words:
            categories[category] = words
    extortion = _extortion_words(lowered)
    if extortion:
        violence = categories.get(Category.VIOLENCE, ())
        categories[Category.VIOLENCE] = _unique([*violence, *extortion])
    urgency, urgency_words, long_ago = _rule_urgency(lowered)
    thanks_only = bool(_THANKS.search(lowered)) and not _REQUEST.search(lowered)
    return RuleHits(categories, urgency, urgency_words, long_ago, thanks_only)


def _unique(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word.strip() for word in words))


def _extortion_words(lowered: str) -> list[str]:
    """Money demanded, unless a hospital, a landlord or a job broker is the one asking."""
    money = _MONEY_DEMANDED.findall(lowered)
    return [] if not money or _NOT_EXTORTION.search(lowered) else money


def _rule_urgency(lowered: str) -> tuple[str | None, tuple[str, ...], bool]:
    """(urgency or None, the words that decided it, whether the events are long ago)."""
    immediate = _immediate_words(lowered)
    if immediate:
        return Urgency.IMMEDIATE, immediate, False
    if "прошл" in lowered or "o'tgan" in lowered or "гузашта" in lowered or "last" in lowered:
        lowered = _PAST_WEEKDAY.sub(" ", lowered)
    match = _HIGH.search(lowered)
    if match:
        return Urgency.HIGH, (match.group().strip(),), False
    return None, (), bool(_LONG_AGO.search(lowered))


def _immediate_words(lowered: str) -> tuple[str, ...]:
    match = _IMMEDIATE_ALONE.search(lowered)
    if match:
        return (match.group().strip(),)
    return _happening_now(lowered) or _taken_recently(lowered) or _due_tonight(lowered)


def _happening_now(lowered: str) -> tuple[str, ...]:
    """ "Now" and being held, pressed or beaten (or taken) in one sentence."""
    now = _NOW_WORDS.finditer(lowered)
    if not now:
        return ()
    before, after = _NOW_GAP
    ongoing = _ONGOING_WORDS.finditer(lowered)
    # "всю ночь держали, утром отпустили", "в прошлом году держали, сейчас хочу...":
    # only a sentence with no release and no long-ago date in it.
    over = _RELEASED.finditer(lowered) + _LONG_AGO.finditer(lowered)
    if over:
        now = [word for word in now if not _same_sentence(word, over, lowered)]
    return _near(ongoing, now, before, lowered) or _near(
        now, ongoing + _TAKEN_WORDS.finditer(lowered), after, lowered
    )


def _same_sentence(word: re.Match[str], others: list[re.Match[str]], lowered: str) -> bool:
    """Whether one of ``others`` is in the sentence of ``word``."""
    return any(
        not _SENTENCE_BREAK.search(lowered, min(word.end(), o.end()), max(word.start(), o.start()))
        for o in others
    )


def _taken_recently(lowered: str) -> tuple[str, ...]:
    """Taken an hour ago, or today, and not released since."""
    taken = _TAKEN_WORDS.finditer(lowered)
    if not taken or _RELEASED.search(lowered):
        return ()
    recently = _JUST_WORDS.finditer(lowered)
    return _near(taken, recently, _JUST_GAP, lowered) or _near(recently, taken, _JUST_GAP, lowered)


def _due_tonight(lowered: str) -> tuple[str, ...]:
    """A flight, a bus, a deportation or a threat tonight, in either order."""
    tonight = _TONIGHT_WORDS.finditer(lowered)
    if not tonight:
        return ()
    due = _DUE_TONIGHT_WORDS.finditer(lowered)
    return _near(tonight, due, _TONIGHT_GAP, lowered) or _near(due, tonight, _TONIGHT_GAP, lowered)


def _near(
    firsts: list[re.Match[str]], seconds: list[re.Match[str]], gap: int, lowered: str
) -> tuple[str, ...]:
    """The first pair with ``second`` at most ``gap`` characters after ``first``, same sentence."""
    for first in firsts:
        for second in seconds:
            distance = second.start() - first.end()
            if 0 <= distance <= gap and not _SENTENCE_BREAK.search(
                lowered, first.end(), second.start()
            ):
                return (first.group().strip(), second.group().strip())
    return ()
