"""The multilingual concept lexicon of matcher/concepts.py: concept -> cue stems per language.

Written as matcher/cues.py describes (`lang: stem | stem`); each concept becomes a model
feature token ("c_school") wherever one of its cues occurs, in any of the 14 languages.
"""

from __future__ import annotations

CONCEPTS: dict[str, str] = {
    "roma": """
en: roma | romani | gypsy | gypsies | travellers | sinti | gens du voyage | romanichal
fr: roms | rom= | romani | tsigane | gens du voyage | voyageurs | manouche | gitan
ro: romi | romilor | romă | rome= | romani | țigan
hu: roma | cigány | romák | romani
bg: роми | ромск | ромите | цигани
sk: róm | rómov | rómsk | cigán
cs: rom= | romov | romsk | romové | romům
pl: romów | romowie | romsk | romami | romom
es: gitano | gitana | pueblo gitano | romaní
it: rom= | sinti | caminanti | romanì
el: ρομά | τσιγγάν | αθίγγαν
sr: romi | roma= | romsk | romkinj | роми | рома= | ромск | ромкињ
mk: роми | ромск | ромите | ромка
de: roma= | sinti | antiziganis | romani
""",
    "housing": """
en: housing | dwelling | homes= | home renovation | accommodation | tenants | rental | shelter |
    homeless
fr: logement | habitat | hébergement | locataire | sans-abri | sans domicile | relogement
ro: locuinț | locuire | adăpost | fără adăpost | chiriaș
hu: lakhatás | lakás | lakóház | lakóépület | hajléktalan | bérlakás
bg: жилищ | жилище | настаняване | бездомн
sk: bývan | byt= | byty | nájomn | ubytovan | bezdomov
cs: bydlen | byt= | byty | nájemn | ubytován | bezdomov
pl: mieszkan | lokal | bezdomn | najem
es: vivienda | alojamiento | hogar | sinhogar | chabol
it: abitativ | alloggi | abitazion | casa= | case= | senza dimora
el: στέγαση | κατοικ | οικιστικ | άστεγ
sr: stanovanj | stambe | smeštaj | stanov | beskuć | становањ | стамбен | смештај | бескућ
mk: домување | станови | станбен | сместување | бездомн
de: wohnung | wohnraum | wohnen | unterkunft | obdachlos | mieter
""",
    "settlement": """
en: settlement | segregated neighbourhood | informal settlement | slums | encampment |
    halting site | caravan | marginalised neighbourhood | deprived neighbourhood | excluded localit
fr: bidonville | campement | aires d'accueil | terrain familial | squat | quartier prioritaire |
    quartiers défavorisés | habitat indigne | insalubr | aire de
ro: așezăr | comunități compacte | cartier | mahala | comunități marginalizate
hu: telep | szegregátum | szegregált | leromlott | elmaradott településrész
bg: махала | махали | квартал | гето | незаконни постройки | незаконно строителство
sk: osad | segregovan | vylúčen lokalit | marginalizovan
cs: vyloučen lokalit | sociálně vyloučen | osad | ghett
pl: osiedl | koczowisk | enklaw
es: asentamiento | chabolismo | barrio | infravivienda
it: campi rom | insediament | baracc | campo nomadi | periferi
el: καταυλισμ | οικισμ | παραγκ
sr: podstandardn | naselj | nehigijensk | подстандардн | насељ | нехигијенск
mk: населб | нехигиенск | ромски населби
de: siedlung | quartier | segregiert | brennpunkt | sozialraum
""",
    "eviction": """
en: eviction | evicted | forced removal | demolition
fr: expulsion | démantèlement | évacuation
ro: evacuar | evacuări | demolar
hu: kilakoltat | bontás
bg: принудително извеждане | събаряне | премахване на незаконни
sk: vysťahovan | búran
cs: vystěhován | demolic
pl: eksmisj | wysiedl
es: desalojo | desahucio | derribo
it: sgombero | sgomberi
el: έξωση | εκκένωση
sr: iseljenj | prinudn iselj | исељењ | принудн исељ
mk: иселување | уривање
de: räumung | zwangsräumung | abriss
""",
    "utilities": """
en: water supply | drinking water | sanitation | sewage | sewer | electricity | street lighting |
    paved road | access road | infrastructure | utilities | water points
fr: eau potable | assainissement | électricité | voirie | réseaux | raccordement | infrastructure
ro: apă potabilă | canalizare | electricitate | iluminat | drumuri | infrastructur | rețele de apă
hu: ivóvíz | csatorna | közvilágítás | villany | útépítés | infrastruktúr | közmű
bg: водоснабдяване | канализаци | електрозахранване | улично осветление | инфраструктур | пътища
sk: vodovod | kanalizáci | elektrin | osvetlen | infraštruktúr | cesty | komunikáci
cs: vodovod | kanalizac | elektřin | osvětlen | infrastruktur | komunikac
pl: wodociąg | kanalizacj | oświetlen | infrastruktur | drogi
es: agua potable | saneamiento | alcantarillado | electricidad | alumbrado | infraestructur
it: acqua potabile | fognatur | elettricità | illuminazione | infrastruttur | urbanizzazione
el: ύδρευση | αποχέτευση | ηλεκτροδότηση | υποδομ | οδοποιία | ηλεκτρισμ
sr: vodovod | kanalizacij | struj | infrastruktur | putev | водовод | канализациј | струј |
    инфраструктур
mk: водовод | канализациј | струја | инфраструктур | патишта
de: trinkwasser | abwasser | kanalisation | strom | infrastruktur | erschließung
""",
    "school": """
en: school | pupils | students | classroom | teachers | schooling | enrolment | curricul |
    education | educational | learning | homework | tutoring | literacy | drop-out | dropout |
    early school leaving | school mediators | school assistants | teaching
fr: école | scolari | élèves | enseignant | éducation | éducati | décrochage | soutien scolaire |
    collège | lycée | apprentissage de la lecture | médiateurs scolaires | classe
ro: școl | școal | elevi | educați | învățământ | profesor | abandon școlar | cadre didactice |
    mediatori școlari | învățare
hu: iskol | tanul | oktatás | pedagóg | tanár | lemorzsolód | nevelés | tanoda | osztály
bg: училищ | ученици | образовани | учители | отпадане | обучени | детски градин
sk: škol | žiak | žiac | vzdelávan | učiteľ | pedagogick | asistent učiteľa | vzdelan
cs: škol | žák | žáci | vzdělávání | učitel | pedagog | vzdělán
pl: szkoł | szkół | uczni | edukac | nauczyciel | oświat | nauk
es: escuel | alumn | educati | escolar | docente | profesor | absentismo | abandono escolar
it: scuol | alunn | studenti | istruzione | educativ | insegnant | dispersione scolastica |
    abbandono scolastico | scolastic
el: σχολ | μαθητ | εκπαίδευσ | εκπαιδευτικ | διαρροή | εγγραφ
sr: škol | učenik | obrazovanj | nastavnik | pedagoški asistent | osipanj | школ | ученик |
    образовањ |
    наставник | педагошк | осипањ
mk: училишт | ученици | образование | наставници | образовни | образовн
de: schul | schüler | bildung | lehrkräfte | lehrer | unterricht | lernförderung
""",
    "early-childhood": """
en: early childhood | pre-school | preschool | kindergarten | nursery | creche | crèche
fr: petite enfance | maternelle | crèche | préscolaire
ro: educație timpurie | grădiniț | preșcolar | creș
hu: óvod | bölcsőd | kisgyermek | koragyermek
bg: детски градин | предучилищн | ясл | ранно детско
sk: materskej škol | materské škol | predškol | jasl | ranom detstv
cs: mateřsk | předškol | jesl | raném dětství
pl: przedszkol | żłob | wczesnej edukacji | wczesne dzieciństwo
es: infantil | primera infancia | guardería | 0-3 | 0-6
it: prima infanzia | infanzia | asilo | nido | 0-6 | scuola dell'infanzia
el: προσχολικ | νηπιαγωγ | παιδικ σταθμ | πρώιμη παιδική
sr: predškol | vrtić | ranog detinjstv | предшкол | вртић | раног детињств
mk: предучилишн | градинк | рано детство
de: kita | kindergarten | frühkindlich | vorschul
""",
    "scholarship": """
en: scholarship | bursar | tuition | university studies | higher education | degree
fr: bourse | études supérieures | enseignement supérieur | université
ro: burs | studii universitare | învățământ superior | studenți
hu: ösztöndíj | felsőoktatás | egyetemi | hallgató
bg: стипенди | висше образование | студент
sk: štipendi | vysokoškol | univerzit
cs: stipendi | vysokoškol | univerzit
pl: stypendi | studi wyższ | uczelni | student
es: beca | becas | estudios universitarios | educación superior | universitari
it: borsa di studio | borse di studio | universit | istruzione superiore
el: υποτροφ | πανεπιστημ | τριτοβάθμ | φοιτητ
sr: stipendij | fakultet | visoko obrazovanj | studen | стипендиј | факултет | високо образовањ |
    студент
mk: стипендиј | факултет | високо образование | студенти
de: stipendi | studium | hochschul | studierende
""",
    "employment": """
en: employment | employ | jobs | job= | labour market | labor market | unemploy | job seekers |
    jobseekers | work placement | hiring | employers | workforce | recruitment | wage
fr: emploi | chômage | demandeurs d'emploi | marché du travail | insertion professionnelle |
    embauche | employeur | recrutement | travail
ro: ocupar | locuri de muncă | loc de muncă | șomaj | șomer | piața muncii | angaj |
    încadrare în muncă
hu: foglalkoztat | munkaerő | munkahely | munkanélkül | álláskeres | munkavállal | munkaerőpiac
bg: заетост | работни места | безработ | пазара на труда | пазар на труда | трудоустрояване |
    работодател
sk: zamestnan | pracovné miest | nezamestnan | trh práce | trhu práce | zamestnávateľ
cs: zaměstnan | pracovní míst | nezaměstnan | trh práce | trhu práce | zaměstnavatel
pl: zatrudni | praca | pracy | bezroboc | rynek pracy | rynku pracy | pracodaw
es: empleo | emple | desemple | mercado laboral | mercado de trabajo | inserción laboral |
    contratación laboral
it: occupazion | lavoro | lavorativ | disoccupa | inserimento lavorativo | mercato del lavoro |
    assunzion
el: απασχόλησ | εργασ | ανεργ | αγορά εργασίας | θέσεις εργασίας
sr: zapošljavanj | zaposlen | nezaposlen | tržišt rada | posao | poslodav | запошљавањ | запослен |
    незапослен | тржишт рада | посао | послодав
mk: вработување | вработен | невработен | пазарот на труд | работни места | работодав
de: beschäftigung | arbeitsmarkt | arbeitslos | arbeitsplätze | erwerbs | arbeitgeber | jobcenter
""",
    "vocational": """
en: vocational | apprentice | traineeship | skills | training course | qualification | upskilling |
    retraining | job coaching | mentoring
fr: formation professionnelle | apprentissage | qualification | compétences | stage | reconversion
ro: formare profesională | calificare | competențe | ucenic | stagii | recalificare
hu: szakképz | képzés | szakma | kompetenci | átképz | gyakornok
bg: професионално обучение | квалификаци | умения | стаж | преквалификаци
sk: odborné vzdelávan | rekvalifik | kvalifik | zručnost | odborná prax
cs: odborné vzdělávání | rekvalifik | kvalifik | dovednost | odborná praxe
pl: kształcenie zawodowe | szkolenia zawodowe | kwalifikac | umiejętności | staż | przekwalifik
es: formación profesional | cualificación | competencias | prácticas | capacitación laboral
it: formazione professionale | tirocini | qualifica | competenze | apprendistato
el: επαγγελματική κατάρτιση | κατάρτιση | δεξιότητ | μαθητεία | πρακτική άσκηση
sr: stručn osposoblj | obuk | prekvalifik | veštin | kvalifikac | стручн оспособљ | обук |
    преквалифик |
    вештин | квалификац
mk: стручно оспособување | обуки | преквалификац | вештини | квалификации
de: berufsausbildung | ausbildung | qualifizierung | kompetenz | weiterbildung | praktik
""",
    "entrepreneurship": """
en: entrepreneur | start-up | self-employment | social enterprise | social economy | microcredit |
    small business | cooperative
fr: entrepreneuriat | entreprendre | création d'entreprise | économie sociale | auto-entrepreneur
ro: antreprenor | economie socială | întreprinder sociale | afaceri
hu: vállalkoz | szociális gazdaság | szociális szövetkezet | önfoglalkoztat
bg: предприемач | социална икономика | социални предприятия | самонаето
sk: podnikan | sociálne podnik | sociálna ekonomik | samozamestn
cs: podnikán | sociální podnik | sociální ekonomik | osvč
pl: przedsiębiorcz | ekonomia społeczna | ekonomii społecznej | spółdziel | samozatrudn
es: emprendi | economía social | autoempleo | cooperativ
it: imprenditor | economia sociale | autoimpiego | cooperativ | impresa sociale
el: επιχειρηματικ | κοινωνική οικονομία | αυτοαπασχόλ | κοινωνικές συνεταιριστικές
sr: preduzetni | socijaln preduzetni | samozapošlj | предузетни | социјалн предузетни | самозапошљ
mk: претприемни | социјално претприемни | самовработ
de: existenzgründ | selbstständig | sozialunternehm | gründung
""",
    "health": """
en: health | healthcare | medical | doctor | clinic | hospital | patients | nurses | disease |
    primary care | screening | mental health | psychosocial | illness | wellbeing | epidemi
fr: santé | soins | médical | médecin | hôpital | patient | infirmi | maladie | sanitaire |
    dépistage
ro: sănăt | medical | medic | spital | pacienț | asistenț medical | boli | îngrijir | screening
hu: egészség | orvos | kórház | beteg | ápol | védőnő | szűrés | egészségügy
bg: здрав | медицин | лекар | болниц | пациент | заболява | скрининг
sk: zdrav | lekár | nemocnic | pacient | chorob | ošetrovateľ | zdravotn
cs: zdrav | lékař | nemocnic | pacient | nemoc | zdravotn
pl: zdrow | lekarz | szpital | pacjent | chorob | medycz | opieki zdrowotnej
es: salud | sanitari | médic | hospital | pacient | enfermedad | atención primaria
it: salut | sanitari | medic | ospedal | pazient | malatti | cure
el: υγεί | υγειονομ | ιατρ | νοσοκομ | ασθεν | περίθαλψ | νόσ
sr: zdravlj | zdravstv | lekar | bolnic | pacijent | bolest | здравље | здравств | лекар | болниц |
    пацијент | болест
mk: здравств | здравје | лекар | болниц | пациент | болест
de: gesundheit | medizin | ärzt | krankenhaus | klinik | patient | krankheit | pflege
""",
    "vaccination": """
en: vaccin | immunis | immuniz
fr: vaccin
ro: vaccin | imuniz
hu: oltás | vakcin | védőolt
bg: ваксин | имуниз
sk: očkovan | vakcín
cs: očkování | vakcín
pl: szczepi
es: vacuna | vacunación
it: vaccin
el: εμβολ
sr: vakcin | imunizac | вакцин | имунизац
mk: вакцин | имунизац
de: impf
""",
    "health-mediator": """
en: health mediator | health mediation | community health worker
fr: médiateur de santé | médiation en santé | médiateurs sanitaires | médiation sanitaire
ro: mediator sanitar | mediatori sanitari | mediere sanitară
hu: egészségügyi mediátor | egészségügyi közvetít
bg: здравни медиатори | здравен медиатор
sk: zdravotn asistent | asistent osvety zdravia | zdravotn mediátor
cs: zdravotní asistent | zdravotní mediátor
pl: asystent zdrowia | mediator zdrowotn
es: mediador de salud | mediación sanitaria | agentes de salud
it: mediatori sanitari | mediazione sanitaria
el: διαμεσολαβητ υγεί | διαπολιτισμικ μεσολαβητ
sr: zdravstven medijator | здравствен медијатор | здравствене медијаторке
mk: здравствени медијатор
de: gesundheitsmediator | gesundheitslotsen
""",
    "maternal": """
en: maternal | pregnan | prenatal | mothers | newborn | infant | child health | paediatric
fr: maternel | grossesse | prénatal | mères | nouveau-né | nourrisson | pédiatr
ro: matern | sarcin | gravid | mame | nou-născuț | pediatr
hu: anyák | várandós | terhes | csecsemő | gyermekegészség | védőnői
bg: майчин | бременн | майки | новороден | бебета | педиатр
sk: matk | tehotn | novoroden | dojč | pediatr
cs: matk | těhotn | novoroz | kojen | pediatr
pl: matk | ciąż | noworod | niemowl | pediatr
es: matern | embaraz | madres | recién nacid | pediatr
it: matern | gravidanz | madri | neonat | pediatr
el: μητρ | εγκυμοσ | βρέφ | νεογν | παιδιατρ
sr: majk | trudn | novorođen | beb | pedijatr | мајк | трудн | новорођен | беб | педијатр
mk: мајк | бремен | новороден | бебињ | педијатр
de: mütter | schwanger | säugling | neugeboren | kinderärzt
""",
    "discrimination": """
en: discriminat | antigypsyism | anti-gypsyism | racism | racist | xenophob | prejudice |
    stereotyp |
    segregation | antiziganism | intoleran
fr: discrimination | antitsiganisme | racisme | raciste | xénophob | préjugé | stéréotyp |
    ségrégation
ro: discrimin | anti-țigănism | antițigănism | rasism | xenofob | prejudec | stereotip | segregar
hu: diszkrimin | hátrányos megkülönböztet | cigányellenes | rasszizmus | előítélet | sztereotíp |
    szegregáci
bg: дискриминаци | антициганизъм | расизъм | ксенофоб | предразсъд | стереотип | сегрегаци
sk: diskrimin | anticigánizm | rasizm | xenofób | predsud | stereotyp | segregáci
cs: diskrimin | anticikánism | anticiganism | rasism | xenofob | předsudk | stereotyp | segregac
pl: dyskrymin | antycyganizm | rasizm | ksenofob | uprzedze | stereotyp | segregac
es: discrimina | antigitanismo | racismo | xenofob | prejuicio | estereotip | segregación
it: discrimina | antiziganismo | razzismo | xenofob | pregiudizi | stereotip | segregazion
el: διάκρισ | διακρίσ | αντιτσιγγανισμ | ρατσισμ | ξενοφοβ | προκατάληψ | στερεότυπ | διαχωρισμ
sr: diskrimin | anticiganizm | rasizm | ksenofob | predrasud | stereotip | segregacij |
    дискриминац |
    антициганизам | расизам | ксенофоб | предрасуд | стереотип | сегрегациј
mk: дискриминац | антициганизам | расизам | ксенофоб | предрасуд | стереотип | сегрегациј
de: diskriminier | antiziganismus | rassismus | fremdenfeindlich | vorurteil | stereotyp |
    segregation
""",
    "hate": """
en: hate speech | hate crime | hatred | online hate | violent extrem
fr: discours de haine | crimes de haine | haine
ro: discurs instigator la ură | discursul urii | infracțiuni motivate de ură | ură=
hu: gyűlöletbeszéd | gyűlölet-bűncselekmény | gyűlölet
bg: реч на омразата | език на омразата | престъпления от омраза | омраза
sk: nenávistn | nenávisť
cs: nenávistn | nenávist
pl: mowa nienawiści | mowy nienawiści | przestępstw z nienawiści | nienawiś
es: discurso de odio | delitos de odio | odio=
it: discorsi d'odio | incitamento all'odio | crimini d'odio | odio=
el: ρητορική μίσους | εγκλήματα μίσους | μίσ
sr: govor mržnje | zločin iz mržnje | mržnj | говор мржње | злочин из мржње | мржњ
mk: говор на омраза | злосторства од омраза | омраза
de: hassrede | hasskriminalität | hetze | hass=
""",
    "rights": """
en: rights | equality | equal treatment | equal opportunit | justice | legal aid |
    legal assistance |
    litigation | ombudsman | equality bod | victims | fundamental rights | access to justice
fr: droits | égalité | égalité de traitement | justice | aide juridique | contentieux |
    défenseur des
    droits | victimes
ro: drepturi | egalitat | egalitate de șanse | tratament egal | justiți | asistență juridică |
    victime
hu: jogok | jogait | egyenlő bánásmód | esélyegyenlőség | jogsegély | igazságszolgáltatás | áldozat
bg: права | равенство | равно третиране | правосъди | правна помощ | жертви | равнопоставеност
sk: práva | práv= | rovnosť | rovnaké zaobchádzanie | spravodlivos | právna pomoc | obete
cs: práva | práv= | rovnost | rovné zacházení | spravedlnost | právní pomoc | oběti
pl: praw | równoś | równe traktowanie | sprawiedliwoś | pomoc prawna | ofiar
es: derechos | igualdad | igualdad de trato | justicia | asistencia jurídica | víctimas
it: diritti | uguaglianza | parità di trattamento | giustizia | assistenza legale | vittime
el: δικαιώματ | ισότητ | ίση μεταχείρισ | δικαιοσύν | νομική συνδρομή | θύματ
sr: prava | ravnopravnost | jednak tretman | pravd | pravna pomoć | žrtv | права | равноправност |
    једнак третман | правн помоћ | жртв
mk: права | еднаквост | еднаков третман | правда | правна помош | жртви
de: rechte | gleichbehandlung | gleichstellung | gerechtigkeit | rechtsberatung | opfer |
    grundrechte
""",
    "culture": """
en: culture | cultural | arts | artist | music | theatre | film | festival | heritage | museum |
    literature | books | publish | creative | exhibition | crafts | traditions
fr: culture | culturel | arts | artist | musique | théâtre | festival | patrimoine | musée |
    littérature | livre | création | exposition | tradition
ro: cultur | artist | muzic | teatr | festival | patrimoniu | muzeu | literatur | cărți | tradiți |
    expozi
hu: kultur | kultúr | művész | zene | színház | fesztivál | örökség | múzeum | irodalm | könyv |
    kiállítás | hagyomány
bg: култур | изкуств | музик | театр | фестивал | наследство | музе | литератур | книги | традици |
    изложб
sk: kultúr | umen | hudb | divadl | festival | dedičstv | múze | literatúr | knih | tradíci | výstav
cs: kultur | umění | hudb | divadl | festival | dědictví | muze | literatur | knih | tradic | výstav
pl: kultur | sztuk | artyst | muzyk | teatr | festiwal | dziedzictw | muze | literatur | książ |
    tradycj | wystaw
es: cultura | artístic | artista | música | teatro | festival | patrimonio | museo | literatura |
    libro | tradicion
it: cultur | artist | musica | teatro | festival | patrimonio | museo | letteratura | libr |
    tradizion | mostra
el: πολιτισ | τέχν | καλλιτέχν | μουσικ | θέατρ | φεστιβάλ | κληρονομ | μουσεί | λογοτεχν | βιβλί |
    παράδοσ
sr: kultur | umetn | muzik | pozorišt | festival | nasleđ | muzej | književn | knjig | tradicij |
    култур |
    уметн | музик | позоришт | фестивал | наслеђ | музеј | књижевн | књиг | традициј
mk: култур | уметн | музик | театар | фестивал | наследство | музеј | литератур | книги | традиции
de: kultur | kunst | künstler | musik | theater | festival | kulturerbe | museum | literatur |
    bücher | tradition
""",
    "remembrance": """
en: remembrance | memory | memorial | genocide | holocaust | commemorat | history | historical |
    persecution | pharrajimos | samudaripen | 2 august | archives | testimon | survivors
fr: mémoire | mémoriel | génocide | holocauste | shoah | commémor | histoire | historique |
    persécution | internement | archives | témoign | déportation
ro: memori | comemor | genocid | holocaust | istori | persecuț | deportar | supraviețuitor | arhiv
hu: emlékez | megemlékez | népirtás | holokauszt | pharrajimos | történelm | történet | üldöz |
    deportál | túlél
bg: памет | възпомена | геноцид | холокост | истори | преследван | депортац | архив
sk: pamäť | spomien | genocíd | holokaust | histór | dejin | prenasledovan | deportáci
cs: paměť | vzpomín | genocid | holocaust | histor | dějin | pronásledován | deportac
pl: pamięć | pamięci | upamiętn | ludobójstw | zagład | holokaust | histori | prześladow | deportac
es: memoria | genocidio | holocausto | conmemora | historia | histórico | persecución | gran redada
it: memoria | genocidio | olocausto | porrajmos | commemora | storia | storic | persecuzion |
    deportazion
el: μνήμ | γενοκτον | ολοκαύτωμα | ιστορ | δίωξ | εκτόπισ
sr: sećanj | genocid | holokaust | istorij | progon | komemor | сећањ | геноцид | холокауст |
    историј | прогон
mk: сеќавањ | геноцид | холокауст | историја | прогон | комемор
de: erinnerung | gedenk | völkermord | holocaust | porajmos | geschichte | historisch | verfolgung |
    deportation
""",
    "romani-language": """
en: romani language | romanes | romani-language | mother tongue | minority language | bilingual
fr: langue romani | romani | romanès | langue maternelle | langues minoritaires | bilingu
ro: limba romani | limba rromani | limba maternă | limbi minoritare | bilingv
hu: romani nyelv | cigány nyelv | lovári | beás | anyanyelv | kisebbségi nyelv | kétnyelv
bg: ромски език | майчин език | езиците на малцинствата | двуезич
sk: rómsky jazyk | rómčin | materinsk jazyk | menšinov jazyk | dvojjazyč
cs: romštin | romský jazyk | mateřsk jazyk | menšinov jazyk | dvojjazyč
pl: język romski | języka romskiego | język ojczysty | języki mniejszości | dwujęzycz
es: romanó | caló | lengua romaní | lengua materna | bilingü
it: lingua romanì | romanes | lingua madre | lingue minoritarie | bilingu
el: ρομανί γλώσσα | μητρική γλώσσα | δίγλωσσ
sr: romski jezik | maternji jezik | jezik manjin | dvojezič | ромски језик | матерњи језик |
    двојезич
mk: ромски јазик | мајчин јазик | двојазич
de: romanes | muttersprache | minderheitensprache | zweisprachig
""",
    "youth": """
en: youth | young people | young roma | youngsters | adolescents | teenagers | neet | young adults |
    youth work | youth workers | youth organisations | youth centre | aged 15 | aged 18 | under 30
fr: jeunesse | jeunes | adolescent | neet | travail de jeunesse | animateurs jeunesse | 16-25 |
    18-30
ro: tineri | tineret | adolescenț | neet | lucrători de tineret | tânăr
hu: fiatal | ifjúság | ifjúsági | serdülő | neet
bg: младеж | млади хора | млади роми | юноши | neet
sk: mlad | mládež | dospievajúc | neet
cs: mlad | mládež | dospívajíc | neet
pl: młodzież | młodych | młodzi | nastolat | neet
es: juventud | jóvenes | joven | adolescent | nini | neet
it: giovan | giovanil | adolescent | neet
el: νέ= | νέοι | νέων | νεολαί | νεαρ | έφηβ | neet
sr: mlad | omladin | mladi | младих | млади | омладин | neet
mk: млади | младин | младите | младински | neet
de: jugend | junge menschen | jugendlich | heranwachsend | neet
""",
    "children": """
en: children | child= | child protection | child guarantee | childcare | families with children |
    orphan | foster | guardian
fr: enfant | enfance | protection de l'enfance | garantie pour l'enfance | familles avec enfants
ro: copii | copil | protecția copilului | garanția pentru copii
hu: gyermek | gyerek | gyermekvédelm | gyermekgarancia
bg: деца | дете | закрила на детето | гаранция за детето
sk: deti | dieť | detí | ochrana detí | záruka pre deti
cs: děti | dítě | dětí | ochrana dětí | záruka pro děti
pl: dzieci | dziecko | dziecka | ochrona dzieci | gwarancja dla dzieci
es: niños | niñas | infancia | infantil | protección de menores | garantía infantil | menores
it: bambin | minori | infanzia | garanzia infanzia | tutela dei minori
el: παιδ | ανηλίκ | εγγύηση για τα παιδιά
sr: deca | dece | dete | detet | zaštita dece | garancija za decu | деца | деце | дете |
    заштита деце
mk: деца | дете | заштита на децата
de: kinder | kindes | kinderschutz | kindergarantie | familien mit kindern
""",
    "women": """
en: women | woman | girls | gender | female | mothers | feminis | empowerment of women |
    gender-based violence | domestic violence | violence against women | early marriage |
    forced marriage | child marriage
fr: femmes | femme | filles | genre | égalité femmes-hommes | violences conjugales |
    violences faites aux femmes | mariage précoce | mariages forcés | sexistes
ro: femei | femeie | fete | gen= | egalitate de gen | violență domestică | violență de gen |
    căsători timpuri | căsătorii forțate
hu: nők | női | lány | nemek közötti | családon belüli erőszak | gyermekházasság | korai házasság
bg: жени | жените | момичета | пол= | равенство между половете | домашно насилие | ранни бракове |
    насилие основано на пола
sk: žen | dievč | rodov | domáce násilie | detské manželstv | predčasné manželstv
cs: žen | dívk | genderov | domácí násilí | dětské sňatky | předčasné sňatky | rovnost mužů a žen
pl: kobiet | dziewcz | płci | przemoc domowa | przemocy domowej | wczesne małżeństw | równość płci
es: mujeres | mujer | niñas | género | violencia de género | matrimonio infantil |
    matrimonios forzados
it: donne | donna | ragazze | genere | violenza di genere | violenza domestica | matrimoni precoci |
    matrimoni forzati
el: γυναίκ | κορίτσ | φύλ | ενδοοικογενειακή βία | πρόωροι γάμοι | έμφυλη βία
sr: žen | devojčic | devojk | rodn | nasilje u porodici | rani brakovi | dečji brakovi | жен |
    девојчиц |
    девојк | родн | насиље у породици | рани бракови
mk: жени | девојчиња | девојки | родов | семејно насилство | рани бракови
de: frauen | mädchen | geschlecht | gleichstellung der geschlechter | häusliche gewalt |
    zwangsheirat |
    frühehen
""",
    "participation": """
en: participation | participatory | civic | citizens | citizenship | community organising |
    dialogue |
    consultation | democra | elections | voting | voice | decision-making | advocacy | volunteer |
    active citizenship | representatives | councils | community leaders | community development
fr: participation | participati | citoyen | citoyenneté | dialogue | concertation | démocrat |
    bénévol | plaidoyer | conseil citoyen | prise de décision | vie locale
ro: particip | cetățen | dialog | consultar | democra | voluntar | advocacy | luarea deciziilor |
    dezvoltare comunitar
hu: részvétel | részvétel | állampolgár | párbeszéd | demokr | önkéntes | érdekképvisel |
    döntéshozatal | közösségfejleszt
bg: участие | гражданск | диалог | консултаци | демократ | доброволч | застъпничество |
    вземане на решения
sk: účasť | participác | občian | dialóg | demokra | dobrovoľn | rozhodovan | komunitn rozvoj
cs: účast | participac | občan | dialog | demokra | dobrovol | rozhodován | komunitní rozvoj
pl: partycypac | uczestnictw | obywatel | dialog | konsultac | demokra | wolontar | rzecznictw |
    podejmowan decyzji
es: participación | ciudadan | diálogo | consulta | democr | voluntari | incidencia |
    toma de decisiones
it: partecipazion | cittadin | dialogo | consultazion | democra | volontar | advocacy |
    processi decisionali
el: συμμετοχ | πολίτ | διάλογ | διαβούλευσ | δημοκρατ | εθελοντ | λήψη αποφάσεων
sr: učešć | participac | građan | dijalog | konsultac | demokrat | volonter | zagovaranj |
    odlučivanj |
    учешћ | партиципац | грађан | дијалог | демократ | волонтер | заговарањ | одлучивањ
mk: учество | партиципациј | граѓан | дијалог | демократ | волонтер | застапувањ | одлучувањ
de: beteiligung | partizipation | bürger | dialog | demokrat | ehrenamt | mitbestimmung |
    selbstvertretung
""",
    "civil-society": """
en: civil society | ngos | grassroots | community organisations | roma-led | self-organisation |
    networks | coalition | media | journalis | watchdog | mediation | mediators |
    community mediators
fr: société civile | associations | associati | collectif | réseaux | médias | journalis |
    médiation |
    médiateur
ro: societatea civilă | societății civile | ong | rețele | mass-media | jurnalist | mediere |
    mediator
hu: civil | egyesület | hálózat | média | újságír | mediáció | közvetít
bg: гражданско общество | неправителствени | мрежи | медии | журналист | медиатор | медиация
sk: občianska spoločnosť | mimovládn | siete | médi | novinár | mediáci | mediátor
cs: občanská společnost | neziskov | sítě | médi | novinář | mediac | mediátor
pl: społeczeństwo obywatelskie | organizacj pozarządow | sieci | medi | dziennik | mediac | mediator
es: sociedad civil | asociacion | redes | medios de comunicación | periodis | mediación | mediador
it: società civile | terzo settore | reti | media | giornalis | mediazion | mediator
el: κοινωνία των πολιτών | οργανώσεις | δίκτυ | μέσα ενημέρωσης | δημοσιογρ | διαμεσολάβησ |
    διαμεσολαβητ
sr: civilno društvo | civilnog društva | udruženj | mrež | medij | novinar | medijac | medijator |
    цивилно друштво | удружењ | мреж | медиј | новинар | медијатор
mk: граѓанско општество | здруженија | мрежи | медиуми | новинар | медијатор | медијациј
de: zivilgesellschaft | vereine | netzwerk | medien | journalis | mediation | mediator
""",
    "authority-capacity": """
en: capacity | capacity-building | capacity building | administrative capacity | municipal staff |
    local officials | elected officials | elected representatives | civil servants |
    public administration |
    local administration | institutional | strengthen local | staff of local authorities | mayors
fr: capacités | renforcement des capacités | capacité administrative | élus | agents territoriaux |
    fonctionnaires | administration locale | personnel municipal | collectivités territoriales
ro: capacit | consolidarea capacității | funcționari | aleși locali | administrați publice |
    personalul primăriilor
hu: kapacitás | kapacitásfejleszt | köztisztviselő | önkormányzati dolgozó | polgármester |
    közigazgatás | intézményi
bg: капацитет | администрати | служители | кметове | общинските администрации | институционален
sk: kapacit | administratív | zamestnanc samospráv | starost | primátor | verejná správa |
    inštitucionáln
cs: kapacit | administrativn | zaměstnanc obcí | starost | veřejná správa | institucionáln
pl: potencjał | zdolności | administracyjn | pracownik samorząd | urzędnik | wójt | burmistrz |
    administracja publiczna | instytucjonaln
es: capacidad | capacidades | fortalecimiento institucional | personal técnico | funcionari |
    cargos electos | administración pública
it: capacità | rafforzamento | capacità amministrativa | funzionari | amministratori locali |
    pubblica amministrazione | istituzional
el: ικανότητ | διοικητικ | στελέχ | αιρετ | δημόσια διοίκηση | θεσμικ | ενδυνάμωση
sr: kapacitet | jačanj kapacitet | administrativn | službenik | zaposlen u lokalnoj | javna uprava |
    institucionaln |
    капацитет | јачањ капацитет | административн | службеник | јавна управа | институционалн
mk: капацитет | зајакнување | административн | службеници | јавна администрација | институционалн
de: kapazität | verwaltung | kapazitätsaufbau | mitarbeitende der kommunen | bürgermeister |
    institutionell
""",
    "planning-data": """
en: action plan | strategy | strategies | planning | policy | policies | data | monitoring |
    evaluation | indicators | needs assessment | mapping | evidence | reform | local plans
fr: plan d'action | stratégie | planification | politique | politiques | données | suivi |
    évaluation |
    indicateurs | diagnostic | cartographie | réforme
ro: plan de acțiune | planuri locale | strategi | planificar | politic | date= | monitorizar |
    evaluar | indicator | cartografier
hu: cselekvési terv | esélyegyenlőségi program | stratégi | tervez | szakpolitik | adat |
    monitoring | értékel | helyzetfelmérés
bg: план за действие | планове за действие | стратеги | планиран | политик | данни | мониторинг |
    оценка | индикатор
sk: akčn plán | stratégi | plánovan | politík | údaj | monitorovan | hodnoten | ukazovateľ
cs: akční plán | strategi | plánován | politik | údaj | monitorován | hodnocen | ukazatel
pl: plan działania | strategi | planowan | polityk | dane | monitorowan | ewaluac | wskaźnik |
    diagnoz
es: plan de acción | estrategi | planificación | política | datos | seguimiento | evaluación |
    indicadores | diagnóstico
it: piano d'azione | strategi | pianificazione | politich | dati | monitoraggio | valutazione |
    indicatori
el: σχέδιο δράσης | σχέδια δράσης | στρατηγικ | σχεδιασμ | πολιτικ | δεδομέν | παρακολούθησ |
    αξιολόγησ | δείκτ
sr: akcion plan | lokalni akcioni | strategij | planiranj | politik | podac | praćenj | evaluacij |
    indikator |
    акциони план | стратегиј | планирањ | политик | подац | праћењ | евалуациј
mk: акциски план | стратегиј | планирањ | политик | податоци | мониторинг | евалуациј
de: aktionsplan | strategie | planung | politik | daten | monitoring | evaluation | indikator
""",
    "peer-exchange": """
en: peer learning | peer exchange | peer-review | exchange of experience | twinning | study visit |
    city-to-city | good practice | transfer | networks of cities | mutual learning
fr: échange d'expériences | échanges entre pairs | jumelage | visites d'étude | bonnes pratiques |
    transfert | apprentissage mutuel | réseau de villes
ro: schimb de experiență | schimburi de experiență | înfrățir | vizite de studiu | bune practici |
    transfer
hu: tapasztalatcsere | testvértelepülés | tanulmányút | jó gyakorlat | átad
bg: обмен на опит | побратим | учебни посещения | добри практики | трансфер
sk: výmen skúseností | partnersk miest | študijné cesty | dobrá prax | prenos
cs: výměn zkušeností | partnersk měst | studijní cesty | dobrá praxe | přenos
pl: wymian doświadcz | miast partnersk | wizyty studyjne | dobre praktyki | transfer
es: intercambio de experiencias | hermanamiento | visitas de estudio | buenas prácticas |
    transferencia
it: scambio di esperienze | gemellagg | visite di studio | buone pratiche | trasferimento
el: ανταλλαγή εμπειριών | αδελφοποίησ | επισκέψεις μελέτης | καλές πρακτικές | μεταφορά
sr: razmen iskustav | bratimljenj | studijsk posete | dobr prakse | размен искустав | братимљењ |
    добр праксе
mk: размена на искуства | збратимување | студиски посети | добри практики
de: erfahrungsaustausch | städtepartnerschaft | studienbesuch | gute praxis | transfer | peer
""",
    "poverty": """
en: poverty | poor= | deprivation | deprived | marginalis | vulnerable | disadvantaged |
    social exclusion |
    social inclusion | excluded | low-income | low income | hardship | precarious
fr: pauvreté | précarité | précaires | défavorisé | marginalis | vulnérables | exclusion sociale |
    inclusion sociale | démunis | faibles revenus
ro: sărăci | săraci | marginaliz | vulnerabil | defavoriz | excluziune socială |
    incluziune socială | venituri mici
hu: szegénység | szegény | mélyszegény | hátrányos helyzet | leszakadó | kirekesztett |
    társadalmi befogadás | felzárkóz | sérülékeny
bg: бедност | бедни | маргинализ | уязвим | в неравностойно положение | социално изключване |
    социално включване | приобщаван
sk: chudob | marginalizov | zraniteľn | znevýhodnen | sociálne vylúčen | sociálne začlenen | inklúzi
cs: chudob | marginaliz | zranitel | znevýhodněn | sociálně vyloučen | sociální začleň | inkluz
pl: ubóstw | marginaliz | wrażliw | defaworyz | wykluczen społeczn | włączen społeczn |
    integracj społeczn
es: pobreza | pobres | marginad | vulnerab | desfavorecid | exclusión social | inclusión social |
    vulnerabilidad
it: povertà | poveri | marginal | vulnerabil | svantaggiat | esclusione sociale |
    inclusione sociale | disagio
el: φτώχει | φτωχ | περιθωριοποι | ευάλωτ | μειονεκτ | κοινωνικό αποκλεισμ | κοινωνική ένταξη |
    κοινωνική ενσωμάτωσ
sr: siromaštv | siromašn | marginaliz | ranjiv | socijaln isključenost | socijaln uključivanj |
    inkluzij |
    сиромаштв | сиромашн | маргинализ | рањив | социјалн искљученост | социјалн укључивањ | инклузиј
mk: сиромаштиј | сиромашн | маргинализ | ранлив | социјална исклученост | социјална вклученост |
    инклузиј
de: armut | arm= | benachteiligt | marginalisiert | verletzlich | soziale ausgrenzung |
    soziale inklusion | teilhabe
""",
    "social-services": """
en: social services | social work | social workers | social assistance | social protection |
    case management |
    integrated services | basic services | community centre | family support | care services
fr: services sociaux | travail social | travailleurs sociaux | aide sociale | protection sociale |
    accompagnement social | accompagnement global | centre social | action sociale
ro: servicii sociale | asistență socială | asistenți sociali | protecție socială |
    centru comunitar | servicii integrate
hu: szociális szolgáltatás | szociális munk | szociális segítő | családsegít | közösségi ház |
    szociális ellátás
bg: социални услуги | социални работници | социално подпомагане | социална закрила |
    общностен център | интегрирани услуги
sk: sociáln služ | terénna sociálna práca | sociáln pracovn | komunitné centr | sociálnej pomoci
cs: sociální služ | sociální práce | sociální pracovn | komunitní centr | sociální pomoc
pl: usług społeczn | pracy socjaln | pracownik socjaln | pomoc społeczn | centrum usług |
    ośrod pomocy
es: servicios sociales | trabajo social | trabajadores sociales | protección social |
    centros sociales | acompañamiento social
it: servizi sociali | lavoro sociale | assistenti sociali | protezione sociale | presa in carico |
    centri sociali
el: κοινωνικές υπηρεσίες | κοινωνική εργασία | κοινωνικοί λειτουργοί | κοινωνική προστασία |
    κοινωνική πρόνοια | κέντρα κοινότητας
sr: socijaln uslug | socijaln rad | socijaln radnik | socijaln zaštit | centar za socijalni rad |
    социјалн услуг | социјалн рад | социјалн радник | социјалн заштит
mk: социјални услуги | социјална работа | социјални работници | социјална заштита
de: soziale dienste | sozialarbeit | sozialarbeiter | soziale hilfe | sozialberatung |
    soziale sicherung | quartiersmanagement
""",
    "inclusion-term": """
en: social inclusion | roma inclusion | inclusion of roma | integration of roma | roma integration |
    socio-economic inclusion | social cohesion | inclusive society | fight against poverty
fr: inclusion sociale | inclusion des roms | intégration des roms | cohésion sociale |
    lutte contre la pauvreté | insertion sociale
ro: incluziune socială | incluziunea socială | incluziunea romilor | integrarea romilor |
    combaterea sărăciei
hu: társadalmi befogadás | felzárkózás | felzárkóztatás | roma integráció | társadalmi integráció
bg: социално включване | приобщаване | интеграция на ромите | социална интеграция
sk: sociálne začlenenie | sociálneho začlenenia | inklúzi | integrácia rómov
cs: sociální začleňování | sociálního začleňování | inkluz | integrace romů
pl: włączenie społeczne | włączenia społecznego | integracja społeczna | integracji romów
es: inclusión social | integración social | inclusión de la población gitana |
    lucha contra la pobreza
it: inclusione sociale | integrazione sociale | inclusione dei rom | contrasto alla povertà
el: κοινωνική ένταξη | κοινωνικής ένταξης | κοινωνική ενσωμάτωση | ένταξη των ρομά
sr: socijalno uključivanje | socijalna inkluzija | inkluzija roma | социјално укључивање |
    социјална инклузија | инклузија рома
mk: социјално вклучување | социјална инклузија | инклузија на ромите
de: soziale inklusion | soziale teilhabe | armutsbekämpfung | integration von roma
""",
    "capacity-term": """
en: capacity building | capacity-building | technical assistance | administrative capacity |
    training of staff | training for staff | expert support | peer review | policy advice |
    project preparation | access to funds | absorption
fr: renforcement des capacités | assistance technique | capacité administrative |
    formation des agents | formation des élus | ingénierie | accès aux financements
ro: consolidarea capacității | întărirea capacității | asistență tehnică |
    capacitate administrativă |
    instruirea funcționarilor | accesarea fondurilor
hu: kapacitásfejlesztés | kapacitásépítés | technikai segítségnyújtás | szakértői támogatás |
    forrásszerzés
bg: изграждане на капацитет | укрепване на капацитета | техническа помощ | административен капацитет
sk: budovanie kapacít | posilnenie kapacít | technická pomoc | administratívne kapacity
cs: budování kapacit | posílení kapacit | technická pomoc | administrativní kapacit
pl: budowanie potencjału | wzmacnianie potencjału | pomoc techniczna | potencjał administracyjny
es: fortalecimiento de capacidades | creación de capacidades | asistencia técnica |
    capacidad administrativa
it: rafforzamento delle capacità | capacity building | assistenza tecnica | capacità amministrativa
el: ενίσχυση ικανοτήτων | ανάπτυξη ικανοτήτων | τεχνική βοήθεια | διοικητική ικανότητα
sr: jačanje kapaciteta | izgradnja kapaciteta | tehnička pomoć | јачање капацитета |
    изградња капацитета | техничка помоћ
mk: зајакнување на капацитетите | градење капацитети | техничка помош
de: kapazitätsaufbau | kapazitätsentwicklung | technische hilfe | verwaltungskapazität
""",
    "migrants": """
en: migrant | refugee | asylum | third-country nationals | displaced | newcomers |
    integration of migrants
fr: migrant | réfugié | asile | ressortissants de pays tiers | déplacés | primo-arrivants
ro: migranț | refugiaț | azil | resortisanți | strămutaț
hu: migráns | menekült | menedékkérő | harmadik országbeli
bg: мигрант | бежан | убежище | граждани на трети страни | разселен
sk: migrant | utečen | azyl | štátni príslušníc tretích krajín
cs: migrant | uprchl | azyl | státní příslušníc třetích zemí
pl: migrant | uchodźc | azyl | obywatel państw trzecich
es: migrante | inmigrant | refugiad | asilo | nacionales de terceros países
it: migrant | rifugiat | asilo | cittadini di paesi terzi | richiedenti
el: μετανάστ | πρόσφυγ | άσυλ | υπήκοοι τρίτων χωρών
sr: migrant | izbeglic | azil | raseljen | мигрант | избеглиц | азил | расељен
mk: мигрант | бегалц | азил | раселен
de: migrant | geflüchtet | flüchtling | asyl | zugewandert | drittstaatsangehörig
""",
    "off-topic-tech": """
en: software | it services | hardware | servers | cloud | cybersecurity | cyber | ict |
    data centre |
    satellite | space | battery | batteries | semiconductor | quantum | artificial intelligence |
    robot |
    photovoltaic | solar | energy efficiency | hydrogen | electric vehicle | aviation | maritime |
    shipping |
    defence | military | telecom | 5g | network equipment | licences
fr: logiciel | informatique | serveurs | cybersécurité | satellite | spatial | batterie |
    semi-conducteur |
    quantique | intelligence artificielle | photovoltaïque | solaire | hydrogène | défense |
    militaire |
    maintenance applicative | système d'information | télécommunication
ro: software | informatic | servere | securitate cibernetică | satelit | baterii | fotovoltaic |
    solar |
    hidrogen | apărare | militar | sistem informatic
hu: szoftver | informatikai | szerver | kiberbiztonság | műhold | akkumulátor | napelem |
    napenergia |
    hidrogén | védelmi | katonai
bg: софтуер | информационн систем | сървър | киберсигурност | сателит | батери | фотоволтаи |
    слънчев |
    водород | отбран | военн
sk: softvér | informačn systém | server | kybernetick | satelit | batéri | fotovoltai | solárn |
    vodík | obran | vojensk
cs: software | informační systém | server | kybernetick | satelit | bateri | fotovoltai | solárn |
    vodík | obran | vojensk
pl: oprogramowan | system informatyczn | serwer | cyberbezpiecz | satelit | bateri | fotowolta |
    słoneczn | wodór | obronn | wojskow
es: software | informático | servidores | ciberseguridad | satélite | baterías | fotovoltaic |
    solar | hidrógeno | defensa | militar
it: software | informatic | server | cybersicurezza | satellit | batteri | fotovoltaic | solare |
    idrogeno | difesa | militar
el: λογισμικ | πληροφοριακ | διακομιστ | κυβερνοασφάλει | δορυφορ | μπαταρ | φωτοβολταϊκ | ηλιακ |
    υδρογόν | άμυν | στρατιωτικ | θαλάσσι
sr: softver | informacion sistem | server | sajber | satelit | baterij | solarn | fotonaponsk |
    vodonik | odbran | vojn |
    софтвер | информацион систем | сервер | сајбер | сателит | батериј | соларн | фотонапонск |
    водоник | одбран
mk: софтвер | информатичк | сервер | сајбер | сателит | батерии | фотоволтаи | соларн | водород |
    одбран
de: software | it-dienstleistung | server | cybersicherheit | satellit | batterie | photovoltaik |
    solar | wasserstoff | verteidigung | militär
""",
    "off-topic-economy": """
en: agricultur | farm | farmers | livestock | crop | fisheries | aquaculture | forestry | tourism |
    industrial | manufacturing | export | competitiveness | smes innovation | market uptake | trl |
    transport | mobility | cycling | logistics | security services | guarding | cleaning services |
    construction works | roadworks | catering | office supplies | vehicles | fleet
fr: agricol | agricult | exploitations | élevage | pêche | aquaculture | forêt | tourisme |
    industri |
    compétitivité | transport | mobilité | gardiennage | nettoyage | travaux de voirie |
    restauration collective
ro: agricol | fermier | zootehn | pescuit | acvacultur | silvic | turism | industri | competitivit |
    transport | mobilitat | pază | curățenie | lucrări de construcți
hu: mezőgazdaság | gazdálkod | állattenyészt | halászat | erdészet | turizmus | ipari |
    versenyképesség |
    közlekedés | mobilitás | őrzés | takarítás | kivitelezés
bg: земедел | фермер | животновъд | рибарство | аквакултур | горск | туризъм | промишлен |
    конкурентоспособност |
    транспорт | мобилност | охрана | почистване | строително-монтажни
sk: poľnohospodár | farmár | rybárstv | lesníctv | cestovn ruch | priemysel | konkurencieschopnos |
    doprav | mobilit | stráž | upratov
cs: zemědělsk | farmář | rybářstv | lesnictv | cestovní ruch | průmysl | konkurenceschopnost |
    doprav | mobilit | ostrah | úklid
pl: rolnicz | rolnik | hodowl | rybołówstw | leśnictw | turystyk | przemysł | konkurencyjnoś |
    transport | mobilnoś | ochron obiekt | sprzątan
es: agrícol | agricult | ganader | pesca | acuicultura | forestal | turismo | industri |
    competitividad |
    transporte | movilidad | vigilancia | limpieza | obras
it: agricol | agricoltur | allevament | pesca | acquacoltura | forestal | turismo | industri |
    competitività |
    trasport | mobilità | vigilanza | pulizia | lavori stradali | ristorazione
el: γεωργ | αγρότ | κτηνοτροφ | αλιεί | υδατοκαλλιέργει | δασ | τουρισμ | βιομηχαν |
    ανταγωνιστικότητ | μεταφορ | κινητικότητ | φύλαξ | καθαρισμ
sr: poljoprivred | poljoprivrednik | stočar | ribarstv | šumarstv | turizam | industrij |
    konkurentnost | saobraćaj | transport |
    пољопривред | сточар | рибарств | шумарств | туризам | индустриј | конкурентност | саобраћај |
    транспорт
mk: земјоделск | земјоделци | сточар | рибарство | шумарство | туризам | индустриј | конкурентност |
    сообраќај | транспорт
de: landwirtschaft | landwirt | tierhaltung | fischerei | forstwirtschaft | tourismus | industrie |
    wettbewerbsfähigkeit |
    verkehr | mobilität | radweg | bewachung | reinigung | bauleistung
""",
    "research-innovation": """
en: research | innovation | innovative | scientific | researchers | pilot | prototype | technolog |
    digital
fr: recherche | innovation | innovant | scientifique | chercheurs | prototype | technolog |
    numérique
ro: cercetar | inovar | inovativ | științific | cercetători | tehnolog | digital
hu: kutatás | innováció | innovatív | tudományos | kutató | technológi | digitális
bg: изследван | иновац | научн | изследовател | технологи | дигитал
sk: výskum | inováci | vedeck | výskumník | technológi | digitáln
cs: výzkum | inovac | vědeck | výzkumník | technologi | digitáln
pl: badan | innowac | naukow | technologi | cyfrow
es: investigación | innovación | innovador | científic | investigador | tecnolog | digital
it: ricerca | innovazione | innovativ | scientific | ricercator | tecnolog | digital
el: έρευν | καινοτομ | επιστημονικ | ερευνητ | τεχνολογ | ψηφιακ
sr: istraživanj | inovacij | naučn | istraživač | tehnolog | digitaln | истраживањ | иновациј |
    научн | технолог | дигиталн
mk: истражувањ | иновациј | научн | истражувач | технолог | дигиталн
de: forschung | innovation | innovativ | wissenschaft | forschende | technolog | digital
""",
}
