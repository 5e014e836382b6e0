/*
** demotext.c: deterministic demo content for a parliament -- names, blocs,
** committees, topics, agenda and vote titles, speeches and the presiding
** officer's lines, in Modern Standard Arabic and English. All sentences
** were composed for Majlis. Templates carry {slots} that are filled from
** small vocabularies and from the topic, every draw coming from the
** caller's Rng so a seed reproduces the same text byte for byte.
*/
#include "demotext.h"

#include <stdio.h>
#include <string.h>

/* ---- people --------------------------------------------------------------*/
typedef struct Pair { const char *ar, *en; } Pair;

static const Pair MALE[] = {
  {"أحمد", "Ahmed"},        {"محمد", "Mohammed"},     {"علي", "Ali"},
  {"حسن", "Hassan"},        {"حسين", "Hussain"},      {"يوسف", "Yousif"},
  {"عبدالله", "Abdulla"},   {"عبدالرحمن", "Abdulrahman"},
  {"خالد", "Khalid"},       {"سلمان", "Salman"},      {"عيسى", "Isa"},
  {"إبراهيم", "Ebrahim"},   {"جاسم", "Jassim"},       {"راشد", "Rashid"},
  {"سعد", "Saad"},          {"ناصر", "Nasser"},       {"فيصل", "Faisal"},
  {"حمد", "Hamad"},         {"عادل", "Adel"},         {"جمال", "Jamal"},
  {"محمود", "Mahmood"},     {"عمر", "Omar"},          {"سامي", "Sami"},
  {"طارق", "Tariq"},        {"وليد", "Waleed"},       {"مبارك", "Mubarak"},
  {"صالح", "Saleh"},        {"منصور", "Mansoor"},     {"ماجد", "Majid"},
  {"بدر", "Badr"},          {"نبيل", "Nabeel"},       {"هشام", "Hesham"},
  {"عبدالعزيز", "Abdulaziz"}, {"سعيد", "Saeed"},      {"غازي", "Ghazi"},
  {"فهد", "Fahad"},         {"أنور", "Anwar"},        {"باسم", "Basim"},
  {"زكريا", "Zakariya"},    {"مصطفى", "Mustafa"},     {"حامد", "Hamid"},
  {"عارف", "Arif"},         {"يعقوب", "Yaqoob"},      {"موسى", "Moosa"},
  {"قاسم", "Qasim"},        {"نواف", "Nawaf"},        {"سلطان", "Sultan"},
  {"مازن", "Mazen"},
};

static const Pair FEMALE[] = {
  {"فاطمة", "Fatima"},   {"مريم", "Maryam"},    {"زينب", "Zainab"},
  {"نورة", "Noora"},     {"عائشة", "Aysha"},    {"هدى", "Huda"},
  {"سارة", "Sara"},      {"ليلى", "Layla"},     {"أمل", "Amal"},
  {"جميلة", "Jameela"},  {"منيرة", "Muneera"},  {"ريم", "Reem"},
  {"شيخة", "Shaikha"},   {"لطيفة", "Latifa"},   {"بدرية", "Badriya"},
  {"خديجة", "Khadija"},  {"هيفاء", "Haifa"},    {"دلال", "Dalal"},
  {"سوسن", "Sawsan"},    {"معصومة", "Masooma"}, {"إيمان", "Eman"},
  {"ابتسام", "Ebtisam"},
};

static const Pair FAMILY[] = {
  {"الخاجة", "Al Khaja"},       {"الحداد", "Al Haddad"},
  {"الدوسري", "Al Dosari"},     {"المري", "Al Marri"},
  {"الكعبي", "Al Kaabi"},       {"الشامسي", "Al Shamsi"},
  {"المنصوري", "Al Mansoori"},  {"الهاشمي", "Al Hashimi"},
  {"العلوي", "Al Alawi"},       {"السادة", "Al Sada"},
  {"البنعلي", "Al Binali"},     {"الجلاهمة", "Al Jalahma"},
  {"الزياني", "Al Zayani"},     {"القحطاني", "Al Qahtani"},
  {"العتيبي", "Al Otaibi"},     {"الشمري", "Al Shammari"},
  {"المطيري", "Al Mutairi"},    {"العنزي", "Al Anazi"},
  {"الكواري", "Al Kuwari"},     {"النعيمي", "Al Nuaimi"},
  {"السويدي", "Al Suwaidi"},    {"الظاهري", "Al Dhaheri"},
  {"البلوشي", "Al Balushi"},    {"الحوسني", "Al Hosani"},
  {"الرميثي", "Al Romaithi"},   {"المهيري", "Al Muhairi"},
  {"الفلاسي", "Al Falasi"},     {"الشحي", "Al Shehhi"},
  {"الزعابي", "Al Zaabi"},      {"العامري", "Al Ameri"},
  {"الهاجري", "Al Hajri"},      {"الرشيد", "Al Rasheed"},
  {"المسلم", "Al Musallam"},    {"البوعينين", "Al Buainain"},
  {"الفاضل", "Al Fadhel"},      {"العباسي", "Al Abbasi"},
  {"الموسوي", "Al Mousawi"},    {"الصايغ", "Al Sayegh"},
  {"الأنصاري", "Al Ansari"},    {"المحميد", "Al Mahmeed"},
  {"الغانم", "Al Ghanem"},      {"الصباغ", "Al Sabbagh"},
  {"البستكي", "Al Bastaki"},    {"الخياط", "Al Khayat"},
  {"الكوهجي", "Al Kooheji"},    {"فخرو", "Fakhro"},
  {"زينل", "Zainal"},           {"كانو", "Kanoo"},
};

void demotext_person(Rng *r, Buf *ar, Buf *en, const char **gender) {
  int female = rng_below(r, 4) == 0;
  const Pair *given = female ? &FEMALE[rng_below(r, MJ_COUNT(FEMALE))]
                             : &MALE[rng_below(r, MJ_COUNT(MALE))];
  const Pair *father = &MALE[rng_below(r, MJ_COUNT(MALE))];
  if (!female && father == given) /* a son rarely carries his father's name */
    father = &MALE[(size_t)(father - MALE + 1) % MJ_COUNT(MALE)];
  const Pair *fam = &FAMILY[rng_below(r, MJ_COUNT(FAMILY))];
  if (ar) buf_printf(ar, "%s %s %s", given->ar, father->ar, fam->ar);
  if (en) buf_printf(en, "%s %s %s", given->en, father->en, fam->en);
  if (gender) *gender = female ? "female" : "male";
}

/* ---- blocs and committees -------------------------------------------------*/
static const DemoName PARTIES[] = {
  {"كتلة الوحدة الوطنية", "National Unity Bloc", ""},
  {"كتلة المستقلين", "Independents Bloc", ""},
  {"كتلة التقدم والتنمية", "Progress and Development Bloc", ""},
  {"كتلة العدالة الاجتماعية", "Social Justice Bloc", ""},
  {"كتلة المستقبل", "Future Bloc", ""},
  {"كتلة الإصلاح الاقتصادي", "Economic Reform Bloc", ""},
  {"كتلة البيئة والاستدامة", "Environment and Sustainability Bloc", ""},
};

enum { C_LEGAL, C_FIN, C_SERV, C_FOREIGN, C_UTIL, C_WOMEN, C_RIGHTS };
static const DemoName COMMITTEES[] = {
  {"لجنة الشؤون التشريعية والقانونية",
   "Legislative and Legal Affairs Committee", ""},
  {"لجنة الشؤون المالية والاقتصادية",
   "Financial and Economic Affairs Committee", ""},
  {"لجنة الخدمات", "Services Committee", ""},
  {"لجنة الشؤون الخارجية والدفاع والأمن الوطني",
   "Foreign Affairs, Defence and National Security Committee", ""},
  {"لجنة المرافق العامة والبيئة", "Public Utilities and Environment Committee",
   ""},
  {"لجنة المرأة والطفل", "Women and Children Committee", ""},
  {"لجنة حقوق الإنسان", "Human Rights Committee", ""},
};

static int wrap(int i, int n) {
  int k = i % n;
  return k < 0 ? k + n : k;
}

int demotext_party_count(void) { return (int)MJ_COUNT(PARTIES); }
DemoName demotext_party(int i) {
  return PARTIES[wrap(i, (int)MJ_COUNT(PARTIES))];
}
int demotext_committee_count(void) { return (int)MJ_COUNT(COMMITTEES); }
DemoName demotext_committee(int i) {
  return COMMITTEES[wrap(i, (int)MJ_COUNT(COMMITTEES))];
}

/* ---- topics -----------------------------------------------------------------
** Each topic: its name, the law it concerns (Arabic always starts with
** "قانون" so "ل{law}" spells correctly), the ministry and minister, the
** committee that studies it, the constitutional right it serves, and four
** focal issues that speeches and titles talk about. */
#define NFOCUS 4
typedef struct Topic {
  Pair name, law, ministry, minister;
  int committee;
  Pair right;
  Pair focus[NFOCUS];
} Topic;

static const Topic TOPICS[] = {
  {{"التأمين الاجتماعي", "social insurance"},
   {"قانون التأمين الاجتماعي", "the Social Insurance Law"},
   {"وزارة المالية والاقتصاد الوطني", "Ministry of Finance and National Economy"},
   {"وزير المالية والاقتصاد الوطني", "Minister of Finance and National Economy"},
   C_FIN,
   {"الضمان الاجتماعي", "social security"},
   {{"المعاشات التقاعدية", "retirement pensions"},
    {"الملاءة المالية لصناديق التقاعد", "the solvency of the pension funds"},
    {"اشتراكات المؤمَّن عليهم", "the contributions of insured workers"},
    {"الزيادة السنوية للمتقاعدين", "the annual increase for pensioners"}}},
  {{"الميزانية العامة للدولة", "the general state budget"},
   {"قانون الميزانية العامة للدولة", "the General State Budget Law"},
   {"وزارة المالية والاقتصاد الوطني", "Ministry of Finance and National Economy"},
   {"وزير المالية والاقتصاد الوطني", "Minister of Finance and National Economy"},
   C_FIN,
   {"العيش الكريم", "a decent living"},
   {{"عجز الميزانية", "the budget deficit"},
    {"الدين العام", "the public debt"},
    {"المصروفات المتكررة", "recurrent expenditure"},
    {"تنويع الإيرادات غير النفطية", "diversifying non-oil revenue"}}},
  {{"الخدمات الإسكانية", "housing services"},
   {"قانون الإسكان", "the Housing Law"},
   {"وزارة الإسكان والتخطيط العمراني", "Ministry of Housing and Urban Planning"},
   {"وزير الإسكان والتخطيط العمراني", "Minister of Housing and Urban Planning"},
   C_UTIL,
   {"السكن الملائم", "adequate housing"},
   {{"قوائم انتظار الطلبات الإسكانية", "the housing waiting lists"},
    {"بدل السكن", "the housing allowance"},
    {"مشاريع المدن الجديدة", "the new towns projects"},
    {"التمويل الإسكاني الميسر", "affordable housing finance"}}},
  {{"التعليم", "education"},
   {"قانون التعليم", "the Education Law"},
   {"وزارة التربية والتعليم", "Ministry of Education"},
   {"وزير التربية والتعليم", "Minister of Education"},
   C_SERV,
   {"التعليم", "education"},
   {{"تطوير المناهج الدراسية", "curriculum development"},
    {"رواتب المعلمين وحوافزهم", "teachers' pay and incentives"},
    {"البعثات الدراسية", "study scholarships"},
    {"الكثافة الطلابية في الفصول", "class sizes in schools"}}},
  {{"الصحة", "health"},
   {"قانون الصحة العامة", "the Public Health Law"},
   {"وزارة الصحة", "Ministry of Health"},
   {"وزير الصحة", "Minister of Health"},
   C_SERV,
   {"الرعاية الصحية", "health care"},
   {{"مواعيد المراجعات في المراكز الصحية", "waiting times at health centres"},
    {"توفير الأدوية", "the supply of medicines"},
    {"الضمان الصحي", "health insurance"},
    {"أقسام الطوارئ", "emergency departments"}}},
  {{"البيئة والبرلمان الأخضر", "the environment and a green parliament"},
   {"قانون البيئة", "the Environment Law"},
   {"وزارة البيئة والتغير المناخي", "Ministry of Environment and Climate Change"},
   {"وزير البيئة والتغير المناخي", "Minister of Environment and Climate Change"},
   C_UTIL,
   {"بيئة نظيفة وآمنة", "a clean and safe environment"},
   {{"خفض الانبعاثات الكربونية", "cutting carbon emissions"},
    {"التشجير والمساحات الخضراء", "tree planting and green spaces"},
    {"إعادة تدوير النفايات", "waste recycling"},
    {"ترشيد استهلاك الورق في المجلس", "reducing paper use in this Council"}}},
  {{"الحكومة الرقمية", "digital government"},
   {"قانون المعاملات الإلكترونية", "the Electronic Transactions Law"},
   {"وزارة الاتصالات وتقنية المعلومات",
    "Ministry of Communications and Information Technology"},
   {"وزير الاتصالات وتقنية المعلومات",
    "Minister of Communications and Information Technology"},
   C_LEGAL,
   {"الخصوصية", "privacy"},
   {{"الخدمات الإلكترونية", "online public services"},
    {"حماية البيانات الشخصية", "personal data protection"},
    {"الأمن السيبراني", "cyber security"},
    {"الهوية الرقمية", "digital identity"}}},
  {{"سوق العمل", "the labour market"},
   {"قانون العمل في القطاع الأهلي", "the Private Sector Labour Law"},
   {"وزارة العمل", "Ministry of Labour"},
   {"وزير العمل", "Minister of Labour"},
   C_SERV,
   {"العمل", "work"},
   {{"توظيف المواطنين", "the employment of citizens"},
    {"التدريب المهني", "vocational training"},
    {"الحد الأدنى للأجور", "the minimum wage"},
    {"التأمين ضد التعطل", "unemployment insurance"}}},
  {{"السياحة", "tourism"},
   {"قانون تنظيم القطاع السياحي", "the Tourism Sector Law"},
   {"وزارة السياحة", "Ministry of Tourism"},
   {"وزير السياحة", "Minister of Tourism"},
   C_FIN,
   {"العمل", "work"},
   {{"المهرجانات والفعاليات السياحية", "tourism festivals and events"},
    {"تطوير الواجهات البحرية", "waterfront development"},
    {"السياحة العلاجية", "medical tourism"},
    {"صيانة المواقع الأثرية", "the upkeep of heritage sites"}}},
  {{"الكهرباء والماء", "electricity and water"},
   {"قانون تنظيم قطاع الكهرباء والماء", "the Electricity and Water Law"},
   {"وزارة شؤون الكهرباء والماء", "Ministry of Electricity and Water Affairs"},
   {"وزير شؤون الكهرباء والماء", "Minister of Electricity and Water Affairs"},
   C_UTIL,
   {"الخدمات الأساسية", "basic services"},
   {{"تعرفة الكهرباء والماء", "electricity and water tariffs"},
    {"انقطاعات التيار في الصيف", "summer power cuts"},
    {"الطاقة المتجددة", "renewable energy"},
    {"تحلية مياه البحر", "seawater desalination"}}},
  {{"حماية المستهلك", "consumer protection"},
   {"قانون حماية المستهلك", "the Consumer Protection Law"},
   {"وزارة الصناعة والتجارة", "Ministry of Industry and Commerce"},
   {"وزير الصناعة والتجارة", "Minister of Industry and Commerce"},
   C_LEGAL,
   {"الحصول على سلع وخدمات آمنة", "safe goods and services"},
   {{"مراقبة الأسعار", "price monitoring"},
    {"الغش التجاري", "commercial fraud"},
    {"التجارة الإلكترونية", "online commerce"},
    {"ضمان السلع بعد البيع", "after-sales warranties"}}},
  {{"الأسرة والطفولة", "the family and childhood"},
   {"قانون الطفل", "the Child Law"},
   {"وزارة التنمية الاجتماعية", "Ministry of Social Development"},
   {"وزير التنمية الاجتماعية", "Minister of Social Development"},
   C_WOMEN,
   {"رعاية الأسرة", "support for the family"},
   {{"رعاية الطفولة المبكرة", "early childhood care"},
    {"إجازة الأمومة", "maternity leave"},
    {"حماية الطفل من الإيذاء", "protecting children from abuse"},
    {"دور الحضانة", "nurseries"}}},
  {{"النقل والطرق", "transport and roads"},
   {"قانون المرور", "the Traffic Law"},
   {"وزارة النقل", "Ministry of Transport"},
   {"وزير النقل", "Minister of Transport"},
   C_UTIL,
   {"التنقل الآمن", "safe travel"},
   {{"الازدحام المروري", "traffic congestion"},
    {"النقل العام", "public transport"},
    {"صيانة الطرق", "road maintenance"},
    {"السلامة المرورية", "road safety"}}},
  {{"الأمن الغذائي", "food security"},
   {"قانون المخزون الاستراتيجي للسلع الغذائية", "the Strategic Food Reserve Law"},
   {"وزارة الزراعة والثروة البحرية", "Ministry of Agriculture and Marine Resources"},
   {"وزير الزراعة والثروة البحرية", "Minister of Agriculture and Marine Resources"},
   C_FOREIGN,
   {"الغذاء", "food"},
   {{"المخزون الاستراتيجي من السلع", "the strategic stock of essential goods"},
    {"دعم المزارعين والصيادين", "support for farmers and fishermen"},
    {"سلاسل الإمداد", "supply chains"},
    {"الاستزراع السمكي", "fish farming"}}},
};

int demotext_topic_count(void) { return (int)MJ_COUNT(TOPICS); }

/* ---- slot vocabularies ------------------------------------------------------
** Arabic entries are written for the grammatical position their slot takes
** in every template (e.g. {group} always in the genitive/accusative). */
static const char *const AR_SPK[] = {
  "معالي الرئيس", "معالي الرئيس", "معالي الرئيس", "سعادة الرئيس",
  "معالي رئيس المجلس",
};
static const char *const EN_SPK[] = {
  "Mr Speaker", "Mr Speaker", "Mr Speaker", "Mr President", "Your Excellency",
};
static const char *const AR_COL[] = {
  "الإخوة والأخوات الأعضاء", "الزملاء الكرام", "السادة الأعضاء الأفاضل",
  "الإخوة الزملاء", "زملائي الأعزاء",
};
static const char *const EN_COL[] = {
  "colleagues", "my fellow members", "honourable members", "dear colleagues",
};
static const char *const AR_THX[] = {
  "أتقدم بالشكر الجزيل إلى", "أشكر", "أوجه الشكر إلى", "أُثَمِّن جهود",
  "أتوجه بالشكر إلى", "أشكر الإخوة في",
};
static const char *const EN_THX[] = {
  "my thanks go to", "I thank", "I am grateful to", "I would like to thank",
  "let me thank",
};
static const char *const AR_REP[] = {
  "على تقريرها", "على تقريرها الوافي", "على تقريرها المفصل",
  "على جهدها الواضح في إعداد التقرير", "على ما بذلته من جهد في دراسة الموضوع",
  "على عملها الدؤوب",
};
static const char *const EN_REP[] = {
  "its report", "its thorough report", "its detailed report",
  "the effort it put into this report", "its careful study of the subject",
  "its steady work",
};
static const char *const AR_BDESC[] = {
  "مشروع قانون بتعديل بعض أحكام {law}", "الاقتراح بقانون بشأن {focus}",
  "مشروع تعديل {law}", "الاقتراح برغبة بشأن {focus}",
  "مشروع قانون بإضافة مادة جديدة إلى {law}",
};
static const char *const EN_BDESC[] = {
  "the draft law amending certain provisions of {law}",
  "the bill proposal on {focus}", "the draft amendment to {law}",
  "the motion for a resolution on {focus}",
  "the draft law adding a new article to {law}",
};
static const char *const AR_BILLREF[] = {
  "مشروع القانون", "هذا المشروع", "المشروع المعروض", "المشروع الذي بين أيدينا",
};
static const char *const EN_BILLREF[] = {
  "this bill", "the bill before us", "the draft law", "this draft law",
};
static const char *const AR_BILLREF2[] = {"مشروع القانون", "المشروع"};
static const char *const EN_BILLREF2[] = {"the bill", "the draft law"};
static const char *const AR_REGION[] = {
  "المحافظة الشمالية", "المحافظة الجنوبية", "محافظة العاصمة",
  "المحافظة الوسطى", "القرى والمناطق النائية", "المدن الجديدة",
  "المناطق الساحلية",
};
static const char *const EN_REGION[] = {
  "the Northern Governorate", "the Southern Governorate",
  "the Capital Governorate", "the Central Governorate", "the outlying villages",
  "the new towns", "the coastal areas",
};
static const char *const AR_GROUP[] = {
  "المتقاعدين", "ذوي الدخل المحدود", "الشباب الباحثين عن عمل",
  "الأسر المتعففة", "أصحاب المؤسسات الصغيرة والمتوسطة", "كبار السن",
  "ذوي الإعاقة", "الطلبة وأولياء أمورهم", "المرأة العاملة", "صغار المستثمرين",
};
static const char *const EN_GROUP[] = {
  "pensioners", "families on limited incomes", "young jobseekers",
  "families in need", "owners of small and medium enterprises",
  "older citizens", "people with disabilities", "students and their parents",
  "working women", "small investors",
};
static const char *const AR_SECTOR[] = {
  "القطاع الخاص", "القطاع المصرفي", "قطاع الخدمات اللوجستية",
  "القطاع الصناعي", "قطاع التجزئة", "قطاع الضيافة", "قطاع التقنية",
  "القطاع الحكومي",
};
static const char *const EN_SECTOR[] = {
  "private sector", "banking sector", "logistics sector", "industrial sector",
  "retail sector", "hospitality sector", "technology sector", "public sector",
};
static const char *const AR_IMP[] = {
  "أهمية بالغة", "أهمية كبيرة", "أولوية قصوى", "مكانة خاصة",
};
static const char *const AR_SINCE[] = {
  "سنوات طويلة", "الفصل التشريعي السابق", "عام {pyear}", "وقت طويل",
};
static const char *const EN_SINCE[] = {
  "a long time", "the previous legislative term", "{pyear}", "years",
};
static const char *const AR_FIND[] = {
  "جهدًا واضحًا يستحق التقدير", "ملاحظات جديرة بالنقاش",
  "توصيات منطقية في معظمها", "بعض النقاط التي تحتاج إلى مراجعة",
  "أرقامًا تستدعي التوقف عندها",
};
static const char *const EN_FIND[] = {
  "clear effort that deserves recognition", "points worth debating",
  "recommendations that are mostly sound", "some points that need review",
  "figures that call for a closer look",
};
static const char *const AR_ANGLE[] = {
  "المواطن البسيط", "الأثر المالي على الميزانية العامة",
  "التطبيق العملي على أرض الواقع", "الصياغة التشريعية",
  "العدالة بين الأجيال", "مصلحة {group}",
};
static const char *const EN_ANGLE[] = {
  "the ordinary citizen", "its cost to the public budget",
  "how it will work in practice", "legislative drafting",
  "fairness between generations", "the interests of {group}",
};
static const char *const AR_JUDG[] = {
  "يستحق منا دراسة متأنية", "خطوة في الاتجاه الصحيح",
  "جاء ليعالج ثغرات واضحة في التطبيق", "يمس شريحة واسعة من المجتمع",
  "لم يأخذ حقه من النقاش في اللجنة", "يحمل في طياته جوانب إيجابية كثيرة",
};
static const char *const EN_JUDG[] = {
  "deserves our careful study", "is a step in the right direction",
  "addresses clear gaps in current practice",
  "touches a wide section of society",
  "did not receive enough debate in committee",
  "has a great deal to recommend it",
};
static const char *const AR_STANCE[] = {
  "تأييدي المبدئي لهذا المشروع", "تحفظي على عدد من مواد هذا المشروع",
  "دعمي الكامل لتوصية اللجنة", "موافقتي على مبدأ المشروع",
};
static const char *const EN_STANCE[] = {
  "my support in principle for this bill",
  "my reservations about several of its articles",
  "my full support for the committee's recommendation",
  "my agreement with the principle of the bill",
};
static const char *const AR_NOTES[] = {"السريعة", "الجوهرية", "الفنية",
                                       "البسيطة"};
static const char *const EN_NOTES[] = {"brief", "substantive", "technical",
                                       "simple"};
static const char *const AR_CNTOBS[] = {
  "ملاحظتين", "ثلاث ملاحظات", "عدة ملاحظات", "بعض الاستفسارات",
  "ملاحظة جوهرية واحدة",
};
static const char *const EN_CNTOBS[] = {
  "two remarks", "three remarks", "a few questions", "one substantial point",
  "several observations",
};
static const char *const AR_PROV[] = {
  "زيادة المخصصات بنسبة {pct}",
  "منح الجهة المختصة صلاحيات واسعة دون رقابة كافية",
  "مهلة قدرها ستة أشهر لإصدار اللائحة التنفيذية",
  "إلزام الجهات الحكومية بنشر البيانات بصورة دورية",
  "فرض غرامة لا تقل عن {fine} دينار على المخالفين",
  "إنشاء صندوق خاص يُموَّل من الميزانية العامة",
};
static const char *const EN_PROV[] = {
  "an increase in allocations of {pct}",
  "wide powers for the competent authority without adequate oversight",
  "a six-month deadline for the implementing regulation",
  "an obligation on government bodies to publish data regularly",
  "a fine of at least {fine} dinars for offenders",
  "a special fund financed from the public budget",
};
static const char *const AR_WORDING[] = {
  "تحتاج إلى مزيد من الضبط", "قد تفتح الباب لتفسيرات متعددة",
  "موفقة إلى حد كبير", "لا تحقق الهدف المنشود", "تحتاج إلى إعادة نظر",
};
static const char *const EN_WORDING[] = {
  "needs tightening", "leaves room for several readings",
  "is largely well judged", "does not achieve its aim",
  "should be reconsidered",
};
static const char *const AR_COMPLAINT[] = {
  "تأخر الإجراءات", "غياب المعلومات الواضحة", "ارتفاع التكاليف",
  "تعقيد الاشتراطات", "ضعف التنسيق بين الجهات المعنية",
  "طول فترات الانتظار",
};
static const char *const EN_COMPLAINT[] = {
  "slow procedures", "the lack of clear information", "rising costs",
  "complicated requirements", "poor coordination between the bodies concerned",
  "long waiting times",
};
static const char *const AR_PERIOD[] = {"سنوي", "نصف سنوي", "ربع سنوي"};
static const char *const EN_PERIOD[] = {"an annual", "a half-yearly",
                                        "a quarterly"};
static const char *const AR_PHRASE[] = {
  "وفقًا لما تراه الجهة المختصة", "متى ما أمكن ذلك",
  "بحسب الإمكانيات المتاحة", "في الحالات التي يقدرها الوزير",
};
static const char *const EN_PHRASE[] = {
  "as the competent authority sees fit", "wherever possible",
  "within available resources", "in cases the minister deems appropriate",
};
static const char *const AR_WHY[] = {
  "تفرغ النص من مضمونه", "تمنح سلطة تقديرية واسعة",
  "لا تتفق مع مبدأ الوضوح التشريعي",
};
static const char *const EN_WHY[] = {
  "it empties the text of its substance", "it grants wide discretion",
  "it is at odds with clear drafting",
};
static const char *const AR_REC[] = {
  "توصية اللجنة بشأن {art}", "التعديل المقترح على {art}",
  "المقترحات التي قدمها الأعضاء",
  "الملاحظات التي أبداها ديوان الرقابة المالية والإدارية",
  "مرئيات غرفة التجارة والصناعة",
};
static const char *const EN_REC[] = {
  "the committee's recommendation on {art}", "the amendment proposed to {art}",
  "the proposals made by members", "the remarks of the audit bureau",
  "the views of the chamber of commerce",
};
static const char *const AR_GOV[] = {
  "الحكومة الموقرة", "الإخوة في الحكومة", "ممثلي الحكومة",
  "السلطة التنفيذية",
};
static const char *const EN_GOV[] = {
  "the government", "our colleagues in the government",
  "the government's representatives", "the executive",
};
static const char *const AR_CAUSE[] = {
  "سوء التخطيط", "تأخر تنفيذ المشاريع", "ارتفاع الأسعار", "ضعف الرقابة",
  "تعدد الجهات المسؤولة",
};
static const char *const EN_CAUSE[] = {
  "poor planning", "delayed projects", "rising prices", "weak oversight",
  "overlapping responsibilities",
};
static const char *const AR_PERIOD2[] = {
  "السنوات الثلاث المقبلة", "الأعوام الخمسة المقبلة", "العامين المقبلين",
  "الفترة المقبلة",
};
static const char *const EN_PERIOD2[] = {
  "the next three years", "the next five years", "the next two years",
  "the coming period",
};
static const char *const AR_MONTHS[] = {
  "عام كامل", "ستة أشهر", "سنتين", "ثمانية عشر شهرًا",
};
static const char *const EN_MONTHS[] = {
  "a full year", "six months", "two years", "eighteen months",
};
static const char *const AR_NEED[] = {
  "تحسين مستوى الخدمات", "مزيد من الاستثمار",
  "تدخل عاجل من الجهات المعنية", "خطة متكاملة وواضحة",
};
static const char *const EN_NEED[] = {
  "better services", "more investment",
  "urgent action by the bodies concerned", "a clear and complete plan",
};
static const char *const AR_REF[] = {
  "الزميل الذي سبقني", "رئيس اللجنة", "عدد من الزملاء", "ممثل الحكومة",
  "مقرر اللجنة",
};
static const char *const EN_REF[] = {
  "the colleague who spoke before me", "the committee chair",
  "several colleagues", "the government representative",
  "the committee rapporteur",
};
static const char *const AR_OPINION[] = {
  "المشروع يحتاج إلى مزيد من التدقيق", "التطبيق التدريجي هو الخيار الأنسب",
  "الكلفة المالية مبررة", "ملف {focus2} يتطلب معالجة شاملة",
};
static const char *const EN_OPINION[] = {
  "the bill needs further scrutiny",
  "phasing it in is the wisest course", "the cost is justified",
  "the question of {focus2} needs a comprehensive approach",
};
static const char *const AR_SERVICE[] = {
  "الخدمات الأساسية", "المعلومات الصحيحة", "المواعيد في الوقت المناسب",
  "التمويل اللازم",
};
static const char *const EN_SERVICE[] = {
  "basic services", "accurate information", "timely appointments",
  "the finance they need",
};

typedef struct Vocab {
  const char *key;
  const char *const *ar;
  size_t nar;
  const char *const *en;
  size_t nen;
} Vocab;
#define VOC(k, a, e) {k, a, MJ_COUNT(a), e, MJ_COUNT(e)}

static const Vocab VOCAB[] = {
  VOC("spk", AR_SPK, EN_SPK),
  VOC("col", AR_COL, EN_COL),
  VOC("thx", AR_THX, EN_THX),
  VOC("rep", AR_REP, EN_REP),
  VOC("bdesc", AR_BDESC, EN_BDESC),
  VOC("billref", AR_BILLREF, EN_BILLREF),
  VOC("billref2", AR_BILLREF2, EN_BILLREF2),
  VOC("region", AR_REGION, EN_REGION),
  VOC("group", AR_GROUP, EN_GROUP),
  VOC("sector", AR_SECTOR, EN_SECTOR),
  {"imp", AR_IMP, MJ_COUNT(AR_IMP), NULL, 0},
  VOC("since", AR_SINCE, EN_SINCE),
  VOC("find", AR_FIND, EN_FIND),
  VOC("angle", AR_ANGLE, EN_ANGLE),
  VOC("judg", AR_JUDG, EN_JUDG),
  VOC("stance", AR_STANCE, EN_STANCE),
  VOC("notes", AR_NOTES, EN_NOTES),
  VOC("cntobs", AR_CNTOBS, EN_CNTOBS),
  VOC("prov", AR_PROV, EN_PROV),
  VOC("wording", AR_WORDING, EN_WORDING),
  VOC("complaint", AR_COMPLAINT, EN_COMPLAINT),
  VOC("period", AR_PERIOD, EN_PERIOD),
  VOC("phrase", AR_PHRASE, EN_PHRASE),
  VOC("why", AR_WHY, EN_WHY),
  VOC("rec", AR_REC, EN_REC),
  VOC("gov", AR_GOV, EN_GOV),
  VOC("cause", AR_CAUSE, EN_CAUSE),
  VOC("period2", AR_PERIOD2, EN_PERIOD2),
  VOC("months", AR_MONTHS, EN_MONTHS),
  VOC("need", AR_NEED, EN_NEED),
  VOC("ref", AR_REF, EN_REF),
  VOC("opinion", AR_OPINION, EN_OPINION),
  VOC("service", AR_SERVICE, EN_SERVICE),
};

/* ---- speech templates ---------------------------------------------------- */
static const char *const AR_OPEN[] = {
  "شكرًا {spk}، {thx} {cmt} {rep} بخصوص {bdesc}.",
  "شكرًا {spk}، وأشكر {cmt} رئيسًا وأعضاءً {rep}، كما أشكر ممثلي {ministry} "
  "على تعاونهم مع اللجنة في دراسة {bdesc}.",
  "{spk}، {col}، لا يخفى على أحد ما لملف {topic} من {imp} لدى المواطنين في "
  "{region} وغيرها.",
  "شكرًا {spk}، أبدأ بالتأكيد على أنَّ {billref} يأتي في وقت مهم، خصوصًا مع "
  "تزايد الحديث عن {focus} في {region}.",
  "{spk}، نناقش اليوم {bdesc}، وهو موضوع انتظره كثير من {group} منذ {since}.",
  "بدايةً أشكر {cmt} {rep}، فقد اطلعتُ بعناية على ما ورد في التقرير بشأن "
  "{focus} ووجدت فيه {find}.",
  "{spk}، اسمح لي أن أتناول ملف {focus} من زاوية {angle}.",
  "شكرًا {spk}، في الحقيقة إن ملف {focus} ملف قديم متجدد، وقد طرحناه في هذا "
  "المجلس أكثر من مرة منذ عام {pyear}.",
  "{spk}، قبل الدخول في تفاصيل {billref}، أود أن أشير إلى أن أكثر من {k} ألف "
  "مواطن يتأثرون بشكل مباشر بملف {focus}.",
  "{spk}، {col}، إن {bdesc} {judg}.",
  "شكرًا {spk}، ونحن نناقش تعديل {law}، أود في البداية أن أسجل {stance}، "
  "مع بعض الملاحظات {notes} التي سأوجزها في نقاط.",
  "{spk}، هل يُعقل أن يبقى ملف {focus} دون حلول جذرية ونحن على أعتاب عام "
  "{year}؟",
  "السلام عليكم ورحمة الله وبركاته، {spk}، {col}، يسعدني أن أشارك في مناقشة "
  "{bdesc}.",
  "شكرًا {spk}، سأتحدث باختصار لأن {cmt} قدّمت تقريرًا وافيًا، لكن لدي "
  "{cntobs} حول {focus}.",
  "{spk}، أتحدث اليوم باسم {bloc} لأؤكد أن {bdesc} {judg}.",
  "شكرًا {spk}، إن ملف {topic} ليس ترفًا تشريعيًا، بل هو في صميم احتياجات "
  "{group}، ومن هنا تأتي أهمية {billref}.",
  "{spk}، أرحب بدايةً بسعادة {minister} وبممثلي الحكومة في هذه الجلسة المخصصة "
  "لمناقشة {bdesc}.",
  "شكرًا {spk}، تلقيت قبل هذه الجلسة عددًا من الرسائل من {group} في {region} "
  "بخصوص {focus}، وسأنقل إليكم خلاصتها.",
};

static const char *const AR_BODY[] = {
  "تنص {art} من {billref} على {prov}، وأرى أن هذه الصياغة {wording}.",
  "وقد أوصت اللجنة بتعديل {art} لتكون أكثر وضوحًا وانضباطًا، وهذا ما نؤيده "
  "تمامًا.",
  "تشير الأرقام الواردة في التقرير إلى أن المبالغ المرصودة لملف {focus} بلغت "
  "{money} في عام {pyear}، وهو رقم لا يمكن تجاهله.",
  "إنَّ {ministry} مطالبة اليوم بوضع خطة واضحة ذات جدول زمني محدد لمعالجة ملف "
  "{focus}.",
  "لقد تلقيت شخصيًا عشرات الاتصالات من {group} في {region}، وكلها تدور حول "
  "{complaint}.",
  "ولا بُدَّ هنا من الإشارة إلى أن الاعتمادات المرصودة في الميزانية العامة لا "
  "تكفي لتغطية احتياجات {sector}.",
  "كيف نطالب المواطن بالصبر وهو ينتظر منذ سنوات حلًّا لملف {focus}؟",
  "أقترح أن تُضاف فقرة جديدة إلى {art} تُلزم {ministry} بتقديم تقرير {period} "
  "إلى المجلس عن مستوى التنفيذ.",
  "كما أقترح حذف عبارة «{phrase}» من {art}، لأنها {why}.",
  "نحن لا نعارض المشروع من حيث المبدأ، ولكننا نريد ضمانات حقيقية بأن ملف "
  "{focus} سيحظى بالأولوية.",
  "وفي هذا السياق أذكّر بأن المجلس وافق على اقتراح برغبة مماثل في عام {pyear}، "
  "ولم نرَ له أثرًا على أرض الواقع.",
  "إن تطبيق هذا القانون سيكلف الميزانية العامة ما يقارب {money} سنويًا بحسب "
  "تقديرات {ministry}، وهو مبلغ يمكن تدبيره إذا أُحسن ترتيب الأولويات.",
  "وأتساءل هنا: ما رأي {ministry} في {rec}؟",
  "إن نسبة {pct} الواردة في التقرير تعني أن شريحة كبيرة من {group} لن تستفيد "
  "من {billref}.",
  "لقد آن الأوان لأن ننتقل من مرحلة الدراسات إلى مرحلة التنفيذ في ملف "
  "{focus}.",
  "وأشيد هنا بتعاون {ministry} مع اللجنة، فقد قدمت مرئياتها مكتوبة وفي الوقت "
  "المناسب.",
  "ومن المهم أن نتذكر أن {sector} شريك أساسي في ملف {topic}، ولا يمكن أن ننجح "
  "دون إشراكه في صياغة الحلول.",
  "أقترح إعادة {art} إلى اللجنة لمزيد من الدراسة، مع الموافقة على بقية المواد "
  "كما وردت.",
  "إن المواطن في {region} لا يطلب المستحيل، بل يطلب خدمة لائقة في وقت معقول.",
  "وتجارب الدول الشقيقة في مجال {topic} تثبت أن الاستثمار فيه يعود بالنفع على "
  "الاقتصاد الوطني على المدى البعيد.",
  "وقد لاحظت أن التقرير لم يتطرق إلى {focus2}، وهذا جانب لا يقل أهمية عن "
  "غيره.",
  "أَلَيس من حق {group} معرفة موعد تطبيق هذا القانون والفئات التي ستستفيد منه؟",
  "إن الزيادة المقترحة بنسبة {pct} لا تواكب الارتفاع المستمر في تكاليف "
  "المعيشة.",
  "نحن في {bloc} قدّمنا تعديلًا على {art}، ونأمل أن يحظى بتأييد {col}.",
  "كما أن التعديل المقترح على {art} ينسجم مع أحكام الدستور، ولا يتعارض مع "
  "الاتفاقيات الدولية التي انضمت إليها بلادنا.",
  "وأرجو أن يتسع صدر {gov} لهذه الملاحظات، فهي نابعة من حرصنا جميعًا على "
  "المصلحة العامة.",
  "إن الأرقام تتحدث عن نفسها؛ فأكثر من {k} ألف طلب ما زالت معلقة، وبعضها منذ "
  "عام {pyear}.",
  "لا يجوز أن نُحمِّل {group} أعباء إضافية بسبب {cause}.",
  "وأقترح تشكيل فريق عمل مشترك بين {cmt} و{ministry} لمتابعة تنفيذ التوصيات "
  "أولًا بأول.",
  "إن {sector} قادر على استيعاب {k} ألف وظيفة للمواطنين خلال {period2} إذا "
  "توافرت الحوافز المناسبة.",
  "ولن أطيل عليكم، لكنني أؤكد أن ملف {focus} يحتاج إلى إرادة حقيقية قبل أن "
  "يحتاج إلى تشريعات جديدة.",
  "إن دور السلطة التشريعية لا يقتصر على سَنّ القوانين، بل يمتد إلى متابعة "
  "تنفيذها ومساءلة المقصرين.",
  "والسؤال المطروح هنا: لماذا تأخر إصدار اللائحة التنفيذية ل{law} أكثر من "
  "{months} رغم انتهاء المهلة القانونية؟",
  "لقد زرتُ عددًا من المواقع في {region}، ورأيت بنفسي حجم الحاجة إلى {need}.",
  "وهنا أتوجه بالسؤال إلى سعادة {minister}: ما الخطة الزمنية لمعالجة ملف "
  "{focus}؟",
  "إن الاعتماد الإضافي البالغ {money} يجب أن يُربط بمؤشرات أداء واضحة وقابلة "
  "للقياس.",
  "وأتفق مع ما ذهب إليه {ref} من أن {opinion}.",
  "لا نريد قانونًا جميلًا على الورق ثم يصطدم بالواقع عند التطبيق؛ نريد نصوصًا "
  "قابلة للتنفيذ.",
  "إن المادة ({artn}) كما وردت من الحكومة كانت أوضح من الصيغة التي انتهت إليها "
  "اللجنة، ولذلك سأصوت لصالح النص الأصلي.",
  "ويجب أن تخضع {ministry} للرقابة البرلمانية في كل ما يتعلق ب{focus}.",
  "وأذكّر بأن الدستور كفل للمواطن الحق في {right}، وهذا المشروع يترجم هذا الحق "
  "إلى واقع ملموس.",
  "وقد بيّنت دراسة أعدتها {cmt} أن {pct} من {group} يواجهون صعوبات في الحصول "
  "على {service}.",
  "ولعل من المفيد أن نستمع إلى رأي {ministry} قبل التصويت، حتى تكون الصورة "
  "واضحة أمام الجميع.",
  "وأود أن أُطمئن {group} بأن هذا المجلس لن يوافق على أي تعديل يمس الحقوق "
  "المكتسبة.",
};

/* Closings by stance: support, support with amendments, reservations. */
static const char *const AR_CLOSE_YES[] = {
  "لذلك أدعو {col} إلى الموافقة على {billref2} بصيغته المعدلة من اللجنة، "
  "وشكرًا {spk}.",
  "وعليه فإنني أؤيد توصية اللجنة بالموافقة على {billref2}، وأطلب أن يكون "
  "التصويت نداءً بالاسم.",
  "أتمنى أن نصوّت اليوم لصالح هذا المشروع، لأنه يصب في مصلحة {group} في المقام "
  "الأول، وشكرًا.",
  "وفي الختام أكرر الشكر ل{cmt}، وأتمنى للجميع التوفيق والسداد.",
  "وأكرر الشكر لجميع من أسهم في إعداد هذا التقرير، وأؤيد توصيات اللجنة كما "
  "وردت، والله ولي التوفيق.",
  "ولا يسعني في الختام إلا أن أدعو إلى التصويت بالموافقة على توصية اللجنة، "
  "وشكرًا {spk}.",
};
static const char *const AR_CLOSE_AMEND[] = {
  "لذلك أطلب التصويت على التعديل المقدم على {art} قبل التصويت على المشروع في "
  "مجموعه، وشكرًا.",
  "سأصوت بالموافقة على المشروع، مع تحفظي على {art}، وأرجو تسجيل ذلك في "
  "المضبطة.",
  "وأرجو من معاليكم عرض التعديل المقترح على {art} للتصويت، وشكرًا {spk}.",
  "وأتمنى أن تأخذ اللجنة بهذه الملاحظات عند إعادة صياغة {art}، وبعدها سأكون من "
  "أول المؤيدين للمشروع.",
  "لذلك أؤيد المشروع من حيث المبدأ، على أن يُعاد النظر في {art} قبل التصويت "
  "النهائي، وشكرًا {spk}.",
};
static const char *const AR_CLOSE_NO[] = {
  "ولهذه الأسباب أرى إعادة التقرير إلى اللجنة لمزيد من الدراسة، وشكرًا {spk}.",
  "لا أستطيع التصويت بالموافقة على {billref2} بصيغته الحالية، وأدعو {col} إلى "
  "التريث قبل اتخاذ القرار.",
  "إنَّ مصلحة المواطن يجب أن تبقى فوق كل اعتبار، ولهذا سأمتنع عن التصويت إلى "
  "أن تتضح الصورة كاملة.",
  "وأطالب {gov} بتقديم إجابات واضحة عن هذه التساؤلات قبل أن نصوت على المشروع، "
  "وشكرًا.",
  "ولن أمنح صوتي لهذا المشروع ما لم تُعالَج هذه الملاحظات، وشكرًا {spk}.",
};

static const char *const EN_OPEN[] = {
  "Thank you, {spk}, and {thx} the {cmt} for {rep} on {bdesc}.",
  "Thank you, {spk}, and thanks to the chair and members of the {cmt} for "
  "{rep}, and to the representatives of the {ministry} for their cooperation "
  "with the committee in its study of {bdesc}.",
  "{spk}, {col}, no one here needs reminding how much {topic} matters to "
  "people in {region} and beyond.",
  "Thank you, {spk}; let me begin by saying that {billref} comes at an "
  "important time, as concern grows about {focus} in {region}.",
  "{spk}, today we are debating {bdesc}, something many {group} have been "
  "waiting for since {since}.",
  "First, I thank the {cmt} for {rep}; I have read closely what it says about "
  "{focus} and found in it {find}.",
  "{spk}, allow me to look at {focus} from the point of view of {angle}.",
  "Thank you, {spk}; the question of {focus} is an old one that keeps coming "
  "back, and we have raised it in this chamber many times since {pyear}.",
  "{spk}, before going into the details of {billref}, let me point out that "
  "more than {k} thousand citizens are directly affected by {focus}.",
  "{spk}, {col}, {bdesc} {judg}.",
  "Thank you, {spk}; as we debate the amendment of {law}, I want to put on "
  "record at the outset {stance}, with a few {notes} remarks that I will keep "
  "short.",
  "{spk}, is it acceptable that the question of {focus} should still lack a lasting solution "
  "as we approach {year}?",
  "Peace be upon you, {spk}, {col}; I am glad to take part in the debate on "
  "{bdesc}.",
  "Thank you, {spk}; I will be brief, because the {cmt} has given us a full "
  "report, but I have {cntobs} on {focus}.",
  "{spk}, I speak today on behalf of the {bloc} to say that {bdesc} "
  "{judg}.",
  "Thank you, {spk}; the subject of {topic} is no legislative luxury but lies "
  "at the heart of what {group} need, which is why {billref} matters.",
  "{spk}, I welcome the {minister} and the government representatives to "
  "this sitting on {bdesc}.",
  "Thank you, {spk}; before this sitting I received a number of letters from "
  "{group} in {region} about {focus}, and I will share their substance with "
  "you.",
};

static const char *const EN_BODY[] = {
  "{art} of {billref} provides for {prov}, and I believe this wording "
  "{wording}.",
  "The committee recommended amending {art} to make it clearer and tighter, "
  "and we fully support that.",
  "The figures in the report show that the sums allocated to {focus} reached "
  "{money} in {pyear}, a figure we cannot ignore.",
  "The {ministry} must now set out a clear plan with a fixed timetable to deal "
  "with {focus}.",
  "I have personally received dozens of calls from {group} in {region}, and "
  "all of them concern {complaint}.",
  "It must be said that the appropriations in the public budget do not cover "
  "the needs of the {sector}.",
  "How can we ask citizens to be patient when they have waited years for a "
  "solution to {focus}?",
  "I propose adding a new paragraph to {art} requiring the {ministry} to "
  "submit {period} report to this Council on progress.",
  "I also propose deleting the words \"{phrase}\" from {art}, because {why}.",
  "We do not oppose the bill in principle, but we want real guarantees that "
  "{focus} will be given priority.",
  "Let me remind colleagues that this Council approved a similar motion in "
  "{pyear}, and we have seen no trace of it since.",
  "According to the {ministry}, applying this law will cost the public budget "
  "around {money} a year, an amount that can be found if priorities are set "
  "properly.",
  "What is the view of the {ministry} on {rec}?",
  "The figure of {pct} in the report means that many {group} will not benefit "
  "from {billref}.",
  "It is time to move from studies to implementation on {focus}.",
  "I commend the {ministry} for its cooperation with the committee; its "
  "written views arrived complete and on time.",
  "The {sector} is an essential partner on {topic}, and we cannot succeed "
  "without involving it in shaping the solutions.",
  "I suggest that {art} be sent back to the committee for further study, and "
  "that the remaining articles be approved as drafted.",
  "Citizens in {region} are not asking for the impossible; they are asking "
  "for decent service within a reasonable time.",
  "The report does not address {focus2}, and that aspect matters just as "
  "much.",
  "Do {group} not have the right to know when this law will take effect and "
  "who will benefit from it?",
  "The proposed increase of {pct} does not keep up with the steady rise in "
  "the cost of living.",
  "We in the {bloc} have tabled an amendment to {art}, and we hope it will win "
  "the support of {col}.",
  "Why has the implementing regulation for {law} still not been issued, more "
  "than {months} after the legal deadline?",
  "I suggest a joint working group of the {cmt} and the {ministry} to follow "
  "up the recommendations as they are carried out.",
  "The {sector} could take on {k} thousand jobs for citizens over {period2} "
  "if the right incentives were in place.",
  "The additional appropriation of {money} must be tied to clear, measurable "
  "performance indicators.",
  "I agree with {ref} that {opinion}.",
  "We do not want a law that looks fine on paper and then fails in practice; "
  "we want provisions that can be carried out.",
  "The constitution guarantees citizens the right to {right}, and this bill "
  "turns that right into something real.",
  "I visited several sites in {region} and saw for myself the need for "
  "{need}.",
  "My question to the {minister} is simple: what is the timetable for dealing "
  "with {focus}?",
};

static const char *const EN_CLOSE_YES[] = {
  "I therefore urge {col} to approve {billref2} as amended by the committee, "
  "and I thank you, {spk}.",
  "I support the committee's recommendation to approve {billref2}, and I ask "
  "for a roll-call vote.",
  "I hope we will vote for this bill today, because it serves {group} first "
  "and foremost; thank you.",
  "Once again I thank the {cmt}, and I support its recommendations as "
  "drafted.",
  "In closing, I can only urge a vote in favour of the committee's "
  "recommendation; thank you, {spk}.",
};
static const char *const EN_CLOSE_AMEND[] = {
  "I ask that the amendment to {art} be put to the vote before the bill as a "
  "whole; thank you.",
  "I will vote in favour, with a reservation on {art}, and I ask that this be "
  "recorded in the minutes.",
  "I hope the committee will take these remarks into account when it redrafts "
  "{art}; after that, I will be among the first to support the bill.",
  "I therefore support the bill in principle, provided {art} is looked at "
  "again before the final vote; thank you, {spk}.",
  "I ask you, {spk}, to put the proposed amendment to {art} to the vote; "
  "thank you.",
};
static const char *const EN_CLOSE_NO[] = {
  "For these reasons I propose sending the report back to the committee for "
  "further study; thank you, {spk}.",
  "I cannot vote for {billref2} in its present form, and I ask {col} to take "
  "their time before deciding.",
  "The interest of citizens must come first, so I will abstain until the full "
  "picture is clear.",
  "I will not give my vote to this bill unless these concerns are addressed; "
  "thank you, {spk}.",
  "I ask {gov} for clear answers to these questions before we vote on the "
  "bill; thank you.",
};

_Static_assert(MJ_COUNT(AR_BODY) <= 64 && MJ_COUNT(EN_BODY) <= 64,
               "body templates are tracked in a 64-bit mask");

/* ---- the presiding officer's opening lines ---------------------------- */
static const Pair CHAIR_OPEN[] = {
  {"بسم الله الرحمن الرحيم، نفتتح الجلسة رقم ({sit}) من دور الانعقاد العادي {ord}، "
   "ونبدأ بتلاوة أسماء الأعضاء المعتذرين عن حضور هذه الجلسة.",
   "In the name of God, the Most Gracious, the Most Merciful. I declare open "
   "sitting {sit} of the {ord} ordinary session, and we begin with the names of "
   "members who have sent apologies."},
  {"بسم الله الرحمن الرحيم، أفتتح الجلسة رقم ({sit}) من دور الانعقاد العادي {ord}، "
   "وأرحب بالإخوة والأخوات الأعضاء وبممثلي الحكومة؛ وقد اكتمل النصاب القانوني، "
   "فننتقل إلى جدول الأعمال.",
   "In the name of God, the Most Gracious, the Most Merciful. I open sitting "
   "{sit} of the {ord} ordinary session and welcome the members and the "
   "representatives of the government. We have a quorum, so we move to the "
   "agenda."},
  {"صباح الخير، نبدأ على بركة الله الجلسة رقم ({sit}) من دور الانعقاد العادي {ord}، "
   "وأذكّر الإخوة الأعضاء بالالتزام بالوقت المخصص لكل مداخلة.",
   "Good morning. We begin sitting {sit} of the {ord} ordinary session, and I remind "
   "members to keep within the time allotted to each intervention."},
  {"بسم الله الرحمن الرحيم، نفتتح الجلسة رقم ({sit}) من دور الانعقاد العادي {ord}، "
   "وأول بند في جدول الأعمال هو التصديق على مضبطة الجلسة السابقة، فهل هناك "
   "ملاحظات عليها؟",
   "In the name of God, the Most Gracious, the Most Merciful. We open sitting "
   "{sit} of the {ord} ordinary session. The first item on the agenda is the "
   "approval of the minutes of the previous sitting. Are there any remarks on "
   "them?"},
};
static const Pair ORDINAL[] = {
  {"الأول", "first"}, {"الثاني", "second"}, {"الثالث", "third"},
  {"الرابع", "fourth"},
};

/* ---- template expansion -------------------------------------------------- */
typedef struct Ctx {
  Rng *r;
  int en;
  const Topic *t;
  int focus;     /* the speech's or title's main focal issue */
  int fixed;     /* titles: art, no, year below were drawn in advance */
  int art, no, year;
  int sit, ord;  /* chair_open: sitting number and ordinal of the session */
  const char *spk; /* speeches address the Speaker the same way throughout */
} Ctx;

static const char *pick(Rng *r, const char *const *list, size_t n) {
  return n ? list[rng_below(r, (uint32_t)n)] : "";
}

static int between(Rng *r, int lo, int hi) {
  return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static void expand(Ctx *c, const char *t, Buf *out, int depth);

/* Fills one slot. Unknown keys are copied through as "{key}" so tests see
** them. */
static void slot(Ctx *c, const char *key, Buf *out, int depth) {
  const Topic *t = c->t;
  int en = c->en;
  if (mj_streq(key, "topic")) buf_puts(out, en ? t->name.en : t->name.ar);
  else if (mj_streq(key, "law")) buf_puts(out, en ? t->law.en : t->law.ar);
  else if (mj_streq(key, "ministry"))
    buf_puts(out, en ? t->ministry.en : t->ministry.ar);
  else if (mj_streq(key, "minister"))
    buf_puts(out, en ? t->minister.en : t->minister.ar);
  else if (mj_streq(key, "right")) buf_puts(out, en ? t->right.en : t->right.ar);
  else if (mj_streq(key, "cmt")) {
    DemoName d = demotext_committee(t->committee);
    buf_puts(out, en ? d.en : d.ar);
  } else if (mj_streq(key, "bloc")) {
    DemoName d = demotext_party((int)rng_below(c->r, MJ_COUNT(PARTIES)));
    buf_puts(out, en ? d.en : d.ar);
  } else if (mj_streq(key, "focus")) {
    const Pair *f = &t->focus[c->focus];
    buf_puts(out, en ? f->en : f->ar);
  } else if (mj_streq(key, "focus2")) {
    int k = (c->focus + 1 + (int)rng_below(c->r, NFOCUS - 1)) % NFOCUS;
    buf_puts(out, en ? t->focus[k].en : t->focus[k].ar);
  } else if (mj_streq(key, "art") || mj_streq(key, "artn")) {
    int n = c->fixed ? c->art : between(c->r, 1, 48);
    if (key[3]) buf_printf(out, "%d", n);
    else buf_printf(out, en ? "Article (%d)" : "المادة (%d)", n);
  } else if (mj_streq(key, "spk") && c->spk) {
    buf_puts(out, c->spk);
  } else if (mj_streq(key, "sit")) {
    buf_printf(out, "%d", c->sit);
  } else if (mj_streq(key, "ord")) {
    const Pair *o = &ORDINAL[c->ord % (int)MJ_COUNT(ORDINAL)];
    buf_puts(out, en ? o->en : o->ar);
  } else if (mj_streq(key, "no")) {
    buf_printf(out, "%d", c->fixed ? c->no : between(c->r, 1, 60));
  } else if (mj_streq(key, "year")) {
    buf_printf(out, "%d", c->fixed ? c->year : between(c->r, 2025, 2030));
  } else if (mj_streq(key, "pyear")) {
    buf_printf(out, "%d", between(c->r, 2012, 2022));
  } else if (mj_streq(key, "k")) {
    buf_printf(out, "%d", between(c->r, 11, 95));
  } else if (mj_streq(key, "fine")) {
    buf_printf(out, "%d", 100 * between(c->r, 1, 50));
  } else if (mj_streq(key, "pct")) {
    buf_printf(out, en ? "%d per cent" : "%d%%", between(c->r, 3, 45));
  } else if (mj_streq(key, "money")) {
    buf_printf(out, en ? "%d million dinars" : "%d مليون دينار",
               between(c->r, 11, 950));
  } else {
    for (size_t i = 0; i < MJ_COUNT(VOCAB); i++) {
      const Vocab *v = &VOCAB[i];
      if (!mj_streq(key, v->key)) continue;
      const char *s = en ? pick(c->r, v->en, v->nen) : pick(c->r, v->ar, v->nar);
      if (depth < 4) expand(c, s, out, depth + 1);
      else buf_puts(out, s);
      return;
    }
    buf_printf(out, "{%s}", key);
  }
}

static void expand(Ctx *c, const char *t, Buf *out, int depth) {
  const char *p = t;
  while (*p) {
    const char *o = strchr(p, '{');
    if (!o) {
      buf_puts(out, p);
      return;
    }
    buf_append(out, p, (size_t)(o - p));
    const char *e = strchr(o, '}');
    char key[32];
    size_t klen = e ? (size_t)(e - o - 1) : 0;
    if (!e || klen == 0 || klen >= sizeof key) { /* not a slot: copy as is */
      buf_putc(out, '{');
      p = o + 1;
      continue;
    }
    memcpy(key, o + 1, klen);
    key[klen] = 0;
    slot(c, key, out, depth);
    p = e + 1;
  }
}

static void ctx_init(Ctx *c, Rng *r, DemoLang lang, int topic) {
  memset(c, 0, sizeof *c);
  c->r = r;
  c->en = lang == DEMOTEXT_EN;
  c->t = &TOPICS[wrap(topic, (int)MJ_COUNT(TOPICS))];
}

/* Titles draw everything up front, in a fixed order, so both languages
** consume the Rng identically. */
static void ctx_fix(Ctx *c) {
  c->fixed = 1;
  c->focus = (int)rng_below(c->r, NFOCUS);
  c->art = between(c->r, 1, 40);
  c->no = between(c->r, 1, 60);
  c->year = between(c->r, 2020, 2025);
}

/* ---- titles -------------------------------------------------------------- */
static const Pair T_REPORT[] = {
  {"تقرير {cmt} بخصوص مشروع قانون رقم ({no}) لسنة {year} بتعديل بعض أحكام "
   "{law}",
   "Report of the {cmt} on Draft Law No. ({no}) of {year} amending certain "
   "provisions of {law}"},
  {"تقرير {cmt} بخصوص الاقتراح بقانون بتعديل المادة ({artn}) من {law}",
   "Report of the {cmt} on the bill proposal amending Article ({artn}) of {law}"},
  {"تقرير {cmt} بشأن الاقتراح برغبة بخصوص {focus}",
   "Report of the {cmt} on the motion for a resolution concerning {focus}"},
  {"التقرير التكميلي الصادر عن {cmt} بشأن مشروع قانون بتعديل {law}",
   "Supplementary report of the {cmt} on the draft law amending {law}"},
};
static const Pair T_BILL[] = {
  {"مشروع قانون رقم ({no}) لسنة {year} بتعديل بعض أحكام {law}",
   "Draft Law No. ({no}) of {year} amending certain provisions of {law}"},
  {"الاقتراح بقانون بشأن {focus}، المقدم من عدد من الأعضاء",
   "Bill proposal on {focus}, submitted by a group of members"},
  {"مشروع قانون بإضافة مادة جديدة برقم ({artn}) مكررًا إلى {law}",
   "Draft law adding a new Article ({artn}) bis to {law}"},
  {"مرسوم بقانون رقم ({no}) لسنة {year} بتعديل {law}",
   "Decree-Law No. ({no}) of {year} amending {law}"},
};
static const Pair T_QUESTION[] = {
  {"سؤال موجه إلى سعادة {minister} بخصوص {focus}",
   "Question to the {minister} concerning {focus}"},
  {"سؤال برلماني بشأن {focus} وخطط {ministry} في هذا الشأن",
   "Parliamentary question on {focus} and the plans of the {ministry}"},
  {"سؤال بشأن الإجراءات المتخذة بخصوص {focus} خلال عام {year}",
   "Question on the measures taken regarding {focus} during {year}"},
};
static const Pair T_MOTION[] = {
  {"اقتراح برغبة بشأن {focus}", "Motion for a resolution on {focus}"},
  {"اقتراح برغبة بشأن تكليف {ministry} بإعداد خطة وطنية في مجال {topic}",
   "Motion for a resolution asking the {ministry} to draw up a national plan "
   "for {topic}"},
  {"طلب مناقشة عامة بشأن سياسة الحكومة في مجال {topic}",
   "Request for a general debate on government policy on {topic}"},
};
static const Pair T_OTHER[] = {
  {"التصديق على مضبطة الجلسة السابقة",
   "Approval of the minutes of the previous sitting"},
  {"الرسائل الواردة من {ministry} بشأن {focus}",
   "Correspondence from the {ministry} concerning {focus}"},
  {"بيان {cmt} بشأن {topic}", "Statement by the {cmt} on {topic}"},
  {"ما يستجد من أعمال", "Any other business"},
};
static const Pair T_VOTE[] = {
  {"الموافقة على مشروع قانون بتعديل بعض أحكام {law}، بصيغته المعدلة من اللجنة",
   "Approval of the draft law amending certain provisions of {law}, as "
   "amended by the committee"},
  {"الموافقة على المادة ({artn}) من مشروع القانون بتعديل {law} بحسب توصية "
   "اللجنة",
   "Approval of Article ({artn}) of the draft law amending {law}, as "
   "recommended by the committee"},
  {"الموافقة على مشروع القانون بتعديل {law} في مجموعه",
   "Approval of the draft law amending {law} as a whole"},
  {"الموافقة على توصية {cmt} بشأن الاقتراح برغبة بخصوص {focus}",
   "Approval of the recommendation of the {cmt} on the motion concerning "
   "{focus}"},
  {"إعادة تقرير {cmt} بشأن {law} إلى اللجنة لمزيد من الدراسة",
   "Referral of the {cmt} report on {law} back to the committee for further "
   "study"},
  {"الموافقة على التعديل المقدم من عدد من الأعضاء على المادة ({artn}) من مشروع "
   "القانون بتعديل {law}",
   "Approval of the amendment tabled by a group of members to Article ({artn}) "
   "of the draft law amending {law}"},
};

static void title(Rng *r, DemoLang lang, int topic, const Pair *v, size_t n,
                  Buf *out) {
  Ctx c;
  ctx_init(&c, r, lang, topic);
  const Pair *p = &v[rng_below(r, (uint32_t)n)];
  ctx_fix(&c);
  expand(&c, c.en ? p->en : p->ar, out, 0);
}

void demotext_agenda_title(Rng *r, DemoLang lang, const char *kind, int topic,
                           Buf *out) {
  const char *k = kind ? kind : "";
  if (mj_streq(k, "report")) title(r, lang, topic, T_REPORT, MJ_COUNT(T_REPORT), out);
  else if (mj_streq(k, "bill")) title(r, lang, topic, T_BILL, MJ_COUNT(T_BILL), out);
  else if (mj_streq(k, "question"))
    title(r, lang, topic, T_QUESTION, MJ_COUNT(T_QUESTION), out);
  else if (mj_streq(k, "motion"))
    title(r, lang, topic, T_MOTION, MJ_COUNT(T_MOTION), out);
  else title(r, lang, topic, T_OTHER, MJ_COUNT(T_OTHER), out);
}

void demotext_vote_title(Rng *r, DemoLang lang, int topic, Buf *out) {
  title(r, lang, topic, T_VOTE, MJ_COUNT(T_VOTE), out);
}

/* ---- speeches ------------------------------------------------------------ */
void demotext_speech(Rng *r, DemoLang lang, int topic, Buf *out) {
  Ctx c;
  ctx_init(&c, r, lang, topic);
  c.focus = (int)rng_below(r, NFOCUS);
  c.spk = c.en ? pick(r, EN_SPK, MJ_COUNT(EN_SPK))
               : pick(r, AR_SPK, MJ_COUNT(AR_SPK));
  const char *const *opening = c.en ? EN_OPEN : AR_OPEN;
  size_t nopen = c.en ? MJ_COUNT(EN_OPEN) : MJ_COUNT(AR_OPEN);
  const char *const *body = c.en ? EN_BODY : AR_BODY;
  size_t nbody = c.en ? MJ_COUNT(EN_BODY) : MJ_COUNT(AR_BODY);
  const char *const *closing;
  size_t nclose;
  switch (rng_below(r, 3)) {
  case 0:
    closing = c.en ? EN_CLOSE_YES : AR_CLOSE_YES;
    nclose = c.en ? MJ_COUNT(EN_CLOSE_YES) : MJ_COUNT(AR_CLOSE_YES);
    break;
  case 1:
    closing = c.en ? EN_CLOSE_AMEND : AR_CLOSE_AMEND;
    nclose = c.en ? MJ_COUNT(EN_CLOSE_AMEND) : MJ_COUNT(AR_CLOSE_AMEND);
    break;
  default:
    closing = c.en ? EN_CLOSE_NO : AR_CLOSE_NO;
    nclose = c.en ? MJ_COUNT(EN_CLOSE_NO) : MJ_COUNT(AR_CLOSE_NO);
    break;
  }

  int nsent = between(r, 3, 8);
  int npara = nsent >= 4 ? between(r, 2, 3) : 2;
  unsigned char brk[8] = {0}; /* brk[i]: a paragraph starts at sentence i */
  for (int k = 0; k < npara - 1;) {
    int g = between(r, 1, nsent - 1);
    if (!brk[g]) {
      brk[g] = 1;
      k++;
    }
  }
  uint64_t used = 0;
  for (int i = 0; i < nsent; i++) {
    const char *tmpl;
    if (i == 0) tmpl = pick(r, opening, nopen);
    else if (i == nsent - 1) tmpl = pick(r, closing, nclose);
    else {
      uint32_t b;
      do b = rng_below(r, (uint32_t)nbody);
      while (used & ((uint64_t)1 << b));
      used |= (uint64_t)1 << b;
      tmpl = body[b];
    }
    if (i > 0) buf_puts(out, brk[i] ? "\n\n" : " ");
    expand(&c, tmpl, out, 0);
  }
}

/* ---- the presiding officer ------------------------------------------------ */
void demotext_chair_open(Rng *r, DemoLang lang, int sitting_no, Buf *out) {
  Ctx c;
  ctx_init(&c, r, lang, 0);
  const Pair *p = &CHAIR_OPEN[rng_below(r, MJ_COUNT(CHAIR_OPEN))];
  c.sit = sitting_no;
  /* about thirty sittings make an ordinary session */
  c.ord = sitting_no > 0 ? (sitting_no - 1) / 30 : 0;
  expand(&c, c.en ? p->en : p->ar, out, 0);
}

void demotext_chair_floor(DemoLang lang, const char *name, Buf *out) {
  const char *n = name ? name : "";
  if (lang == DEMOTEXT_EN)
    buf_printf(out, "The floor goes to the Honourable Member %s.", n);
  else buf_printf(out, "الكلمة الآن لسعادة العضو %s.", n);
}

void demotext_chair_result(DemoLang lang, int yes, int no, int abstain,
                           int passed, Buf *out) {
  if (lang == DEMOTEXT_EN)
    buf_printf(out,
               "Result of the vote: %d in favour, %d against and %d "
               "abstaining. The motion is %s.",
               yes, no, abstain, passed ? "carried" : "not carried");
  else
    buf_printf(out,
               "نتيجة التصويت: عدد الموافقين %d، وعدد المعارضين %d، وعدد "
               "الممتنعين %d. إذن %s ذلك.",
               yes, no, abstain, passed ? "يُقَرّ" : "لا يُقَرّ");
}

/* ---- places ---------------------------------------------------------------- */
void demotext_place(Rng *r, DemoLang lang, int committee, Buf *out) {
  int en = lang == DEMOTEXT_EN;
  uint32_t v = rng_below(r, 5);
  if (committee < 0) {
    if (v < 4) buf_puts(out, en ? "Main Chamber" : "قاعة الجلسات الرئيسية");
    else buf_puts(out, en ? "Grand Hall, Council Building"
                          : "القاعة الكبرى في مبنى المجلس");
    return;
  }
  int ci = wrap(committee, (int)MJ_COUNT(COMMITTEES));
  if (v < 4) {
    if (en) buf_printf(out, "Committee Room %d", ci + 1);
    else buf_printf(out, "قاعة اجتماعات اللجان رقم (%d)", ci + 1);
  } else {
    if (en) buf_printf(out, "%s meeting room", COMMITTEES[ci].en);
    else buf_printf(out, "قاعة اجتماعات %s", COMMITTEES[ci].ar);
  }
}
