-- Majlis schema 13: open data seed and small additions to schema 9.
-- The SDMX cross-domain code lists (CL_FREQ, CL_OBS_STATUS, CL_CONF_STATUS,
-- CL_UNIT_MULT, CL_DECIMALS, CL_SEX, agency SDMX) and their concepts, with
-- Arabic, English and Azerbaijani labels; this parliament's own agency
-- (MAJLIS) with the fixed code lists of the built-in dataflows (the ones
-- that follow the record: bodies, sessions, members, parties, are written
-- by the refresh); dataset-level attributes on a version. See doc/opendata.md.

-- Dataset-level attributes (attachment 'dataset') of a version.
ALTER TABLE od_version ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}' CHECK(json_valid(attrs));
-- Observations of a published version, counted once when it is frozen
-- (the catalogue lists it on every request; a draft is counted live).
ALTER TABLE od_version ADD COLUMN nobs INTEGER;
-- Release calendar entries are listed by time.
CREATE INDEX od_release_at ON od_release(release_at);
CREATE INDEX od_version_flow ON od_version(dataflow_id, status);

INSERT INTO od_agency(id, name_ar, name_en, name_az) VALUES
  ('MAJLIS', 'مجلس النواب', 'Council of Representatives', 'Nümayəndələr Şurası');

-- ---- SDMX concepts ----
INSERT INTO od_concept(agency, code, name_ar, name_en, name_az) VALUES
  ('SDMX', 'FREQ', 'التواتر', 'Frequency', 'Tezlik'),
  ('SDMX', 'TIME_PERIOD', 'الفترة الزمنية', 'Time period', 'Zaman dövrü'),
  ('SDMX', 'OBS_VALUE', 'قيمة المشاهدة', 'Observation value', 'Müşahidə dəyəri'),
  ('SDMX', 'OBS_STATUS', 'حالة المشاهدة', 'Observation status', 'Müşahidənin statusu'),
  ('SDMX', 'CONF_STATUS', 'حالة السرية', 'Confidentiality status', 'Məxfilik statusu'),
  ('SDMX', 'UNIT_MULT', 'مضاعف الوحدة', 'Unit multiplier', 'Vahid çarpanı'),
  ('SDMX', 'DECIMALS', 'الخانات العشرية', 'Decimals', 'Onluq işarələr'),
  ('SDMX', 'SEX', 'الجنس', 'Sex', 'Cins'),
  ('SDMX', 'UNIT_MEASURE', 'وحدة القياس', 'Unit of measure', 'Ölçü vahidi'),
  ('SDMX', 'COMMENT', 'ملاحظة', 'Comment', 'Qeyd');

-- ---- SDMX cross-domain code lists ----
INSERT INTO od_codelist(agency, code, version, name_ar, name_en, name_az) VALUES
  ('SDMX', 'CL_FREQ', '2.1', 'التواتر', 'Frequency', 'Tezlik'),
  ('SDMX', 'CL_OBS_STATUS', '2.2', 'حالة المشاهدة', 'Observation status', 'Müşahidənin statusu'),
  ('SDMX', 'CL_CONF_STATUS', '1.3', 'حالة السرية', 'Confidentiality status', 'Məxfilik statusu'),
  ('SDMX', 'CL_UNIT_MULT', '1.1', 'مضاعف الوحدة', 'Unit multiplier', 'Vahid çarpanı'),
  ('SDMX', 'CL_DECIMALS', '1.0', 'الخانات العشرية', 'Decimals', 'Onluq işarələr'),
  ('SDMX', 'CL_SEX', '2.1', 'الجنس', 'Sex', 'Cins');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='SDMX' AND code='CL_FREQ'), c, NULL, p, ar, en, az FROM (
  SELECT 'A' c, 1 p, 'سنوي' ar, 'Annual' en, 'İllik' az UNION ALL
  SELECT 'S', 2, 'نصف سنوي', 'Half-yearly, semester', 'Yarımillik' UNION ALL
  SELECT 'Q', 3, 'ربع سنوي', 'Quarterly', 'Rüblük' UNION ALL
  SELECT 'M', 4, 'شهري', 'Monthly', 'Aylıq' UNION ALL
  SELECT 'W', 5, 'أسبوعي', 'Weekly', 'Həftəlik' UNION ALL
  SELECT 'D', 6, 'يومي', 'Daily', 'Gündəlik' UNION ALL
  SELECT 'B', 7, 'يومي (أيام العمل)', 'Daily – business week', 'Gündəlik (iş günləri)' UNION ALL
  SELECT 'H', 8, 'كل ساعة', 'Hourly', 'Saatlıq' UNION ALL
  SELECT 'N', 9, 'كل دقيقة', 'Minutely', 'Dəqiqəlik');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='SDMX' AND code='CL_OBS_STATUS'), c, NULL, p, ar, en, az FROM (
  SELECT 'A' c, 1 p, 'قيمة عادية' ar, 'Normal value' en, 'Normal dəyər' az UNION ALL
  SELECT 'B', 2, 'انقطاع في السلسلة الزمنية', 'Time series break', 'Zaman sırasında qırılma' UNION ALL
  SELECT 'D', 3, 'التعريف مختلف', 'Definition differs', 'Tərif fərqlidir' UNION ALL
  SELECT 'E', 4, 'قيمة تقديرية', 'Estimated value', 'Təxmini dəyər' UNION ALL
  SELECT 'F', 5, 'قيمة متوقعة', 'Forecast value', 'Proqnoz dəyəri' UNION ALL
  SELECT 'G', 6, 'قيمة تجريبية', 'Experimental value', 'Eksperimental dəyər' UNION ALL
  SELECT 'I', 7, 'قيمة محتسبة', 'Imputed value (CCSA definition)', 'İmputasiya edilmiş dəyər' UNION ALL
  SELECT 'K', 8, 'البيانات مدرجة في فئة أخرى', 'Data included in another category', 'Məlumat başqa kateqoriyaya daxildir' UNION ALL
  SELECT 'L', 9, 'قيمة مفقودة؛ البيانات موجودة لكنها لم تُجمع', 'Missing value; data exist but were not collected', 'Çatışmayan dəyər; məlumat var, lakin toplanmayıb' UNION ALL
  SELECT 'M', 10, 'قيمة مفقودة؛ لا يمكن أن توجد البيانات', 'Missing value; data cannot exist', 'Çatışmayan dəyər; məlumat mövcud ola bilməz' UNION ALL
  SELECT 'N', 11, 'غير ذات دلالة', 'Not significant', 'Əhəmiyyətsiz' UNION ALL
  SELECT 'O', 12, 'قيمة مفقودة', 'Missing value', 'Çatışmayan dəyər' UNION ALL
  SELECT 'P', 13, 'قيمة أولية', 'Provisional value', 'İlkin dəyər' UNION ALL
  SELECT 'Q', 14, 'قيمة مفقودة؛ محجوبة', 'Missing value; suppressed', 'Çatışmayan dəyər; gizlədilib' UNION ALL
  SELECT 'S', 15, 'إضراب وأحداث خاصة أخرى', 'Strike and other special events', 'Tətil və digər xüsusi hadisələr' UNION ALL
  SELECT 'U', 16, 'موثوقية منخفضة', 'Low reliability', 'Aşağı etibarlılıq' UNION ALL
  SELECT 'V', 17, 'قيمة لم يُتحقق منها', 'Unvalidated value', 'Yoxlanılmamış dəyər');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='SDMX' AND code='CL_CONF_STATUS'), c, NULL, p, ar, en, az FROM (
  SELECT 'F' c, 1 p, 'حرة (غير سرية)' ar, 'Free (free for publication)' en, 'Sərbəst (dərc üçün açıq)' az UNION ALL
  SELECT 'N', 2, 'ليست للنشر، للاستخدام الداخلي فقط', 'Not for publication, restricted for internal use only', 'Dərc üçün deyil, yalnız daxili istifadə üçün' UNION ALL
  SELECT 'C', 3, 'معلومات إحصائية سرية', 'Confidential statistical information', 'Məxfi statistik məlumat' UNION ALL
  SELECT 'D', 4, 'سرية ثانوية حددها المرسل، ليست للنشر', 'Secondary confidentiality set by the sender, not for publication', 'Göndərənin təyin etdiyi ikinci dərəcəli məxfilik, dərc üçün deyil' UNION ALL
  SELECT 'S', 5, 'سرية ثانوية يحددها المتلقي ويديرها', 'Secondary confidentiality set and managed by the receiver, not for publication', 'Alanın təyin etdiyi və idarə etdiyi ikinci dərəcəli məxfilik' UNION ALL
  SELECT 'A', 6, 'سرية أولية بسبب صغر الأعداد', 'Primary confidentiality due to small counts', 'Kiçik saylara görə ilkin məxfilik' UNION ALL
  SELECT 'O', 7, 'سرية أولية بسبب هيمنة وحدة واحدة', 'Primary confidentiality due to dominance by one unit', 'Bir vahidin üstünlüyünə görə ilkin məxfilik' UNION ALL
  SELECT 'T', 8, 'سرية أولية بسبب هيمنة وحدتين', 'Primary confidentiality due to dominance by two units', 'İki vahidin üstünlüyünə görə ilkin məxfilik' UNION ALL
  SELECT 'G', 9, 'سرية أولية بسبب هيمنة وحدة أو وحدتين', 'Primary confidentiality due to dominance by one or two units', 'Bir və ya iki vahidin üstünlüyünə görə ilkin məxfilik' UNION ALL
  SELECT 'M', 10, 'سرية أولية لبيانات أُعلنت سرية بموجب تدابير أخرى', 'Primary confidentiality due to data declared confidential based on other measures of concentration', 'Digər ölçülərə görə məxfi elan edilmiş məlumatlara görə ilkin məxfilik');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='SDMX' AND code='CL_UNIT_MULT'), c, NULL, p, ar, en, az FROM (
  SELECT '0' c, 1 p, 'آحاد' ar, 'Units' en, 'Vahidlər' az UNION ALL
  SELECT '1', 2, 'عشرات', 'Tens', 'Onluqlar' UNION ALL
  SELECT '2', 3, 'مئات', 'Hundreds', 'Yüzlüklər' UNION ALL
  SELECT '3', 4, 'آلاف', 'Thousands', 'Minlər' UNION ALL
  SELECT '4', 5, 'عشرات الآلاف', 'Tens of thousands', 'On minlər' UNION ALL
  SELECT '5', 6, 'مئات الآلاف', 'Hundreds of thousands', 'Yüz minlər' UNION ALL
  SELECT '6', 7, 'ملايين', 'Millions', 'Milyonlar' UNION ALL
  SELECT '7', 8, 'عشرات الملايين', 'Tens of millions', 'On milyonlar' UNION ALL
  SELECT '8', 9, 'مئات الملايين', 'Hundreds of millions', 'Yüz milyonlar' UNION ALL
  SELECT '9', 10, 'مليارات', 'Billions', 'Milyardlar' UNION ALL
  SELECT '12', 11, 'تريليونات', 'Trillions', 'Trilyonlar');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='SDMX' AND code='CL_DECIMALS'), c, NULL, p, ar, en, az FROM (
  SELECT '0' c, 1 p, 'صفر' ar, 'Zero' en, 'Sıfır' az UNION ALL
  SELECT '1', 2, 'واحد', 'One', 'Bir' UNION ALL
  SELECT '2', 3, 'اثنان', 'Two', 'İki' UNION ALL
  SELECT '3', 4, 'ثلاثة', 'Three', 'Üç' UNION ALL
  SELECT '4', 5, 'أربعة', 'Four', 'Dörd' UNION ALL
  SELECT '5', 6, 'خمسة', 'Five', 'Beş' UNION ALL
  SELECT '6', 7, 'ستة', 'Six', 'Altı' UNION ALL
  SELECT '7', 8, 'سبعة', 'Seven', 'Yeddi' UNION ALL
  SELECT '8', 9, 'ثمانية', 'Eight', 'Səkkiz' UNION ALL
  SELECT '9', 10, 'تسعة', 'Nine', 'Doqquz' UNION ALL
  SELECT '10', 11, 'عشرة', 'Ten', 'On' UNION ALL
  SELECT '11', 12, 'أحد عشر', 'Eleven', 'On bir' UNION ALL
  SELECT '12', 13, 'اثنا عشر', 'Twelve', 'On iki' UNION ALL
  SELECT '13', 14, 'ثلاثة عشر', 'Thirteen', 'On üç' UNION ALL
  SELECT '14', 15, 'أربعة عشر', 'Fourteen', 'On dörd' UNION ALL
  SELECT '15', 16, 'خمسة عشر', 'Fifteen', 'On beş');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='SDMX' AND code='CL_SEX'), c, par, p, ar, en, az FROM (
  SELECT '_T' c, NULL par, 1 p, 'المجموع' ar, 'Total' en, 'Cəmi' az UNION ALL
  SELECT 'F', '_T', 2, 'إناث', 'Female', 'Qadın' UNION ALL
  SELECT 'M', '_T', 3, 'ذكور', 'Male', 'Kişi' UNION ALL
  SELECT '_O', NULL, 4, 'آخر', 'Other', 'Digər' UNION ALL
  SELECT '_U', NULL, 5, 'غير معروف', 'Unknown', 'Naməlum' UNION ALL
  SELECT '_Z', NULL, 6, 'لا ينطبق', 'Not applicable', 'Tətbiq edilmir');

-- ---- MAJLIS: concepts and fixed code lists of the built-in dataflows ----
INSERT INTO od_concept(agency, code, name_ar, name_en, name_az) VALUES
  ('MAJLIS', 'BODY', 'الهيئة', 'Body', 'Orqan'),
  ('MAJLIS', 'SESSION', 'دور الانعقاد', 'Session', 'Sessiya'),
  ('MAJLIS', 'SITTING_TYPE', 'نوع الجلسة', 'Type of sitting', 'İclasın növü'),
  ('MAJLIS', 'MEMBER', 'العضو', 'Member', 'Üzv'),
  ('MAJLIS', 'PARTY', 'الكتلة', 'Party or bloc', 'Partiya və ya blok'),
  ('MAJLIS', 'ATTENDANCE', 'الحضور', 'Attendance', 'Davamiyyət'),
  ('MAJLIS', 'VOTE_INDICATOR', 'مؤشر التصويت', 'Voting indicator', 'Səsvermə göstəricisi'),
  ('MAJLIS', 'QUESTION_TYPE', 'نوع السؤال', 'Type of question', 'Sualın növü'),
  ('MAJLIS', 'QUESTION_STATUS', 'حالة السؤال', 'Status of question', 'Sualın statusu'),
  ('MAJLIS', 'DOC_INDICATOR', 'مؤشر الوثائق', 'Documents indicator', 'Sənəd göstəricisi');

INSERT INTO od_codelist(agency, code, version, name_ar, name_en, name_az) VALUES
  ('MAJLIS', 'CL_SITTING_TYPE', '1.0', 'أنواع الجلسات', 'Types of sitting', 'İclas növləri'),
  ('MAJLIS', 'CL_ATTENDANCE', '1.0', 'حالات الحضور', 'Attendance', 'Davamiyyət'),
  ('MAJLIS', 'CL_VOTE_INDICATOR', '1.0', 'مؤشرات التصويت', 'Voting indicators', 'Səsvermə göstəriciləri'),
  ('MAJLIS', 'CL_QUESTION_TYPE', '1.0', 'أنواع الأسئلة', 'Types of question', 'Sual növləri'),
  ('MAJLIS', 'CL_QUESTION_STATUS', '1.0', 'حالات الأسئلة', 'Status of questions', 'Sualların statusu'),
  ('MAJLIS', 'CL_DOC_INDICATOR', '1.0', 'مؤشرات الوثائق', 'Documents indicators', 'Sənəd göstəriciləri'),
  ('MAJLIS', 'CL_UNIT', '1.0', 'وحدات القياس', 'Units of measure', 'Ölçü vahidləri');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_SITTING_TYPE'), c, NULL, p, ar, en, az FROM (
  SELECT 'ORDINARY' c, 1 p, 'عادية' ar, 'Ordinary' en, 'Növbəti' az UNION ALL
  SELECT 'EXTRAORDINARY', 2, 'غير عادية', 'Extraordinary', 'Növbədənkənar' UNION ALL
  SELECT '_Z', 3, 'خارج أدوار الانعقاد', 'Outside a session', 'Sessiyadan kənar');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_ATTENDANCE'), c, par, p, ar, en, az FROM (
  SELECT '_T' c, NULL par, 1 p, 'جميع الجلسات' ar, 'All sittings' en, 'Bütün iclaslar' az UNION ALL
  SELECT 'PRESENT', '_T', 2, 'حاضر', 'Present', 'İştirak edib' UNION ALL
  SELECT 'EXCUSED', '_T', 3, 'غائب بعذر', 'Excused', 'Üzrlü səbəbdən yoxdur' UNION ALL
  SELECT 'ABSENT', '_T', 4, 'غائب', 'Absent', 'İştirak etməyib');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_VOTE_INDICATOR'), c, NULL, p, ar, en, az FROM (
  SELECT 'VOTE_EVENTS' c, 1 p, 'عمليات التصويت' ar, 'Vote events' en, 'Səsvermələr' az UNION ALL
  SELECT 'PASSED', 2, 'اقتراحات أُقرّت', 'Motions passed', 'Qəbul edilmiş təkliflər' UNION ALL
  SELECT 'FAILED', 3, 'اقتراحات رُفضت', 'Motions failed', 'Rədd edilmiş təkliflər' UNION ALL
  SELECT 'YES', 4, 'أصوات موافقة', 'Votes in favour', 'Lehinə səslər' UNION ALL
  SELECT 'NO', 5, 'أصوات معارضة', 'Votes against', 'Əleyhinə səslər' UNION ALL
  SELECT 'ABSTAIN', 6, 'امتناع عن التصويت', 'Abstentions', 'Bitərəf qalanlar');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_QUESTION_TYPE'), c, NULL, p, ar, en, az FROM (
  SELECT 'ORAL' c, 1 p, 'أسئلة طُرحت في الجلسة' ar, 'Questions asked in the chamber' en, 'İclasda verilmiş suallar' az UNION ALL
  SELECT 'ANSWER', 2, 'إجابات', 'Answers', 'Cavablar' UNION ALL
  SELECT 'AGENDA', 3, 'أسئلة مدرجة في جدول الأعمال', 'Questions on the agenda', 'Gündəlikdəki suallar');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_QUESTION_STATUS'), c, NULL, p, ar, en, az FROM (
  SELECT 'ANSWERED' c, 1 p, 'أُجيب عنها' ar, 'Answered' en, 'Cavablandırılıb' az UNION ALL
  SELECT 'UNANSWERED', 2, 'لم يُجب عنها', 'Not answered' , 'Cavablandırılmayıb' UNION ALL
  SELECT '_Z', 3, 'لا ينطبق', 'Not applicable', 'Tətbiq edilmir');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_DOC_INDICATOR'), c, NULL, p, ar, en, az FROM (
  SELECT 'DOCUMENTS' c, 1 p, 'وثائق وُزّعت رقمياً' ar, 'Documents distributed digitally' en, 'Rəqəmsal paylanmış sənədlər' az UNION ALL
  SELECT 'PAGES', 2, 'صفحات الوثائق', 'Pages of the documents', 'Sənədlərin səhifələri' UNION ALL
  SELECT 'COPIES', 3, 'نسخ وُزّعت رقمياً', 'Copies distributed digitally', 'Rəqəmsal paylanmış nüsxələr' UNION ALL
  SELECT 'SHEETS_SAVED', 4, 'أوراق وُفّرت', 'Sheets of paper saved', 'Qənaət edilmiş kağız vərəqləri' UNION ALL
  SELECT 'PAPER_KG', 5, 'ورق وُفّر (كغ)', 'Paper saved (kg)', 'Qənaət edilmiş kağız (kq)');

INSERT INTO od_code(codelist_id, code, parent, position, name_ar, name_en, name_az)
SELECT (SELECT id FROM od_codelist WHERE agency='MAJLIS' AND code='CL_UNIT'), c, NULL, p, ar, en, az FROM (
  SELECT 'SITTINGS' c, 1 p, 'جلسات' ar, 'Sittings' en, 'İclaslar' az UNION ALL
  SELECT 'VOTES', 2, 'أصوات أو عمليات تصويت', 'Votes or vote events', 'Səslər və ya səsvermələr' UNION ALL
  SELECT 'SECONDS', 3, 'ثوانٍ', 'Seconds', 'Saniyələr' UNION ALL
  SELECT 'QUESTIONS', 4, 'أسئلة', 'Questions', 'Suallar' UNION ALL
  SELECT 'DOCUMENTS', 5, 'وثائق', 'Documents', 'Sənədlər' UNION ALL
  SELECT 'PAGES', 6, 'صفحات', 'Pages', 'Səhifələr' UNION ALL
  SELECT 'SHEETS', 7, 'أوراق', 'Sheets', 'Vərəqlər' UNION ALL
  SELECT 'KG', 8, 'كيلوغرام', 'Kilograms', 'Kiloqram' UNION ALL
  SELECT 'PERSONS', 9, 'أشخاص', 'Persons', 'Şəxslər' UNION ALL
  SELECT 'NUMBER', 10, 'عدد', 'Number', 'Say');
