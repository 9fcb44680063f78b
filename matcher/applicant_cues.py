"""Cue words of the applicant-type rules (matcher/applicants.py), per language.

Written as matcher/cues.py describes: `lang: stem | stem`, folded before compiling.
"""

from __future__ import annotations

TYPES = {
    "local-authority": """
en: municipal | local authorit | local government | local council | town hall | city council |
    cities | towns | local public authorit | local administration | mayor | communes |
    local self-government | local level | intermunicipal | inter-municipal | urban authorit |
    local administrative unit | member city | city administration | local public bod
fr: commune | collectivités locales | collectivité locale | intercommunal | mairie | ville |
    autorités locales | pouvoirs locaux | cpas | ccas | niveau local | administrations locales
ro: primări | autorități locale | autoritățile locale | autorităților locale | consilii locale |
    consiliul local | municipi | orașe | comune | uat | autorități publice locale |
    administrați locale
hu: önkormányzat | település | városok | községek | helyi hatóság | polgármesteri hivatal
bg: общин | местни власти | местните власти | кметств
sk: obce | obec | mestá | miest | samospráv | miestne orgány
cs: obce | obec | města | měst | místní samospráv | místní orgány
pl: gmin | samorząd lokalny | samorządy lokalne | miasta | jednostki samorządu terytorialnego |
    powiat
es: ayuntamiento | entidades locales | municipio | corporaciones locales | entidad local |
    administración local
it: comuni= | comune | enti locali | ente locale | amministrazioni comunali | amministrazioni locali
el: δήμ | οτα | τοπική αυτοδιοίκηση | τοπικές αρχές
sr: opštin | lokaln samoupr | jedinice lokalne samouprave | gradov | општин | локалн самоупр |
    јединице локалне самоуправе | lokalne samouprave | локалне самоуправе
mk: општини | општина | локалната самоуправа | единици на локалната самоуправа
de: kommune | gemeinde | städte | kommunal | stadt= | landkreis | kreise | ortsgemeinde
""",
    "regional-authority": """
en: regional authorit | regional government | county council | county authorit | provinces |
    regional administration | regional council | regional public | regions= | county administration
fr: régions= | départements | départemental | collectivités régionales | autorités régionales |
    conseil régional | conseils régionaux | conseils départementaux | administrations régionales |
    collectivité régionale | cantons=
ro: consilii județene | consiliul județean | consiliile județene | autorități regionale |
    agenții de dezvoltare regională | autorități publice județene
hu: megyei önkormányzat | vármegyei önkormányzat | megyék= | regionális hatóság
bg: областни администрации | областна администрация | регионални власти
sk: samosprávne kraje | vyšší územný celok | vúc= | samosprávny kraj | vyšších územných celkov
cs: kraje= | krajské úřady | krajů=
pl: samorząd województwa | samorządy województw | samorządy wojewódzkie | powiat
es: comunidades autónomas | diputaciones | cabildos | consejos insulares | administración autonómica
it: regioni= | province= | enti regionali | amministrazioni regionali | province autonome
el: περιφέρειες= | περιφερειακές αρχές | αιρετές περιφέρειες
sr: autonomne pokrajine | pokrajinsk organ | покрајинск орган | аутономне покрајине
mk: планските региони | регионални центри
de: bundesländer | landkreis | bezirke= | regierungsbezirk | kantone= | länder=
""",
    "national-authority": """
en: ministries | national authorit | national government | central government | national public |
    governments= |
    state agenc | national agenc | government agenc | national roma contact point |
    competent authorit |
    public bodies designated | state administration | state authorit | state bodies |
    state institution | national administration | governments of | national roma contact |
    central administration | managing authorit | national level | governmental bod | the state=
fr: ministères | autorités nationales | administrations centrales | services de l'état |
    gouvernements | points de contact nationaux | administrations nationales |
    niveau national | administration centrale | établissements publics nationaux | l'état=
ro: ministere | ministerele | autorități centrale | autorități publice centrale |
    agenții naționale |
    autorități naționale | instituții centrale
hu: minisztériumok | központi közigazgatás | állami szerv | országos hatóság |
    központi költségvetési
bg: министерства | централни органи | национални органи | държавни агенции |
    централната администрация
sk: ministerstvá | ústredné orgány | národné orgány | štátna správa | štátne orgány
cs: ministerstva | ústřední orgány | státní správ | státní orgány
pl: ministerstwa | administracja rządowa | organy administracji rządowej |
    jednostki administracji rządowej
es: ministerios | administración general del estado | organismos públicos estatales |
    organismos estatales
it: ministeri= | amministrazioni centrali | amministrazioni statali
el: υπουργεία | κεντρική διοίκηση | εθνικές αρχές | κεντρικές υπηρεσίες
sr: ministarstva | министарства | republičk organ | републичк орган | organi državne uprave |
    органи државне управе
mk: министерства | државни органи | органи на државната управа
de: ministerien | bundesbehörde | landesbehörde | bundesministerien | bundesämter | obere behörden
""",
    "ngo": """
en: ngo | non-governmental | non-profit | nonprofit | not-for-profit | civil society organi |
    non-commercial organi | heritage organi | sport clubs | cultural institutions |
    associations | foundations | charities | charitable | voluntary organi | youth organi |
    community organi | roma organisations | roma-led organi | civil society | faith-based |
    youth networks | cso | women's organi | grassroots
fr: ong | association | fondation | organisations de la société civile | sans but lucratif |
    non gouvernement | organisations de jeunesse |
    à but non lucratif | asbl | organismes sans but lucratif | société civile |
    structures associatives
ro: ong | organizații neguvernamentale | asociați | fundați | organizații non-profit |
    fără scop lucrativ | societatea civilă | societății civile | organizații ale societății civile
hu: civil szervezet | egyesület | alapítvány | nonprofit | nem kormányzati | civil társadalmi
bg: нпо | неправителствени | сдружения | фондации | юридически лица с нестопанска цел |
    граждански организации | нестопанска цел
sk: mimovládn | neziskov | občianske združenia | nadácie | občianskeho združenia
cs: nestátní nezisk | neziskov | spolky | spolek | nadace | obecně prospěšn | nevládní
pl: organizacje pozarządowe | organizacji pozarządowych | stowarzysze | fundacj |
    organizacje społeczne | ngo | podmioty ekonomii społecznej | non-profit
es: entidades sin ánimo de lucro | asociaciones | fundaciones | ong | tercer sector |
    sin ánimo de lucro |
    entidades del tercer sector | entidades sociales | sin fines de lucro
it: enti del terzo settore | associazion | onlus | fondazion | organizzazioni di volontariato |
    terzo settore | organizzazioni non governative | ong | senza scopo di lucro | aps=
el: μκο | μη κυβερνητικ | σωματεί | μη κερδοσκοπικ | κοινωνία των πολιτών | αστικές μη κερδοσκοπικ
sr: udruženj | nevladin | organizacije civilnog društva | ocd | fondacij | udruge | удружењ |
    невладин | организације цивилног друштва | фондациј | civilnog društva
mk: здруженија | здружение | невладин | граѓански организации | граѓанско општество | фондации
de: verein | gemeinnützig | ngo | freie träger | träger der freien | stiftung | verbände |
    zivilgesellschaft | nichtregierungsorganisation | selbstorganisation | initiativen
""",
    "education-research": """
en: school | universit | research | higher education | academi | educational institution |
    education and training institution | training centre | colleges | pre-school | kindergarten |
    hei= | heis= | think tank | scholars
fr: école | établissements scolaires | universit | recherche | enseignement supérieur |
    établissements d'enseignement | lycée | collège | hautes écoles | organismes de formation |
    centres de formation
ro: școli | școala | unități de învățământ | universit | cercetare | instituții de învățământ |
    grădiniț | licee
hu: iskol | egyetem | kutató | felsőoktatás | oktatási intézmény | óvod | köznevelési
bg: училищ | университет | научни организации | висши училища | детски градини |
    образователни институции | изследователск
sk: škol | univerzit | výskumn | vysoké školy | vzdelávacie inštitúcie | materské školy
cs: škol | univerzit | výzkumn | vysoké školy | vzdělávací instituce | mateřské školy
pl: szkoł | szkół | uczelni | jednostki naukowe | instytuty badawcze | placówki oświatowe |
    przedszkol
es: centros educativos | universidad | centros de investigación | grupos de investigación |
    centros docentes | colegios | institutos
it: scuol | universit | enti di ricerca | istituti scolastici | istituzioni scolastiche |
    centri di ricerca
el: σχολεί | σχολικ | αει= | πανεπιστήμι | ερευνητικ | εκπαιδευτικ | νηπιαγωγεί
sr: škol | univerzitet | fakultet | naučn | istraživačk | obrazovne ustanove | школ | универзитет |
    факултет | научн | образовн | vrtić
mk: училишт | универзитет | факултет | научн | образовни институции
de: schule | hochschule | universität | forschung | bildungseinrichtung | kita | kindertagesstätte
""",
    "business": """
en: compan | enterprise | sme | smes | firms | business | private sector | for-profit |
    consultanc | contractor | economic operator | tenderer | bidder | commercial organi | start-up |
    undertakings | publisher | media outlet | agencies (legal | advertising agenc | newsroom |
    telecom operator | law firm | financial intermediar | intermediaries | banks |
    startups | social enterprise | self-employed | service provider | suppliers | private companies
fr: entreprise | pme | sociétés | opérateurs économiques | prestataire | bureaux d'études |
    cabinets | soumissionnaire | secteur privé | structures d'insertion | coopératives
ro: întreprinder | imm | companii | firme | operatori economici | societăți comerciale |
    agenți economici | ofertanț | sectorul privat | întreprinderi sociale
hu: vállalkozás | cég | kkv | gazdasági társaság | ajánlattevő | szociális szövetkezet | vállalat
bg: предприяти | фирми | търговски дружества | мсп | стопански субекти | икономически оператори |
    социални предприятия | участници в процедурата | търговци | еднолични търговци | медии |
    земеделски стопани
sk: podnik | firm | msp | malé a stredné | hospodárske subjekty | sociálne podniky | uchádzač
cs: podnik | firm | msp | malé a střední | hospodářské subjekty | sociální podniky | dodavatel
pl: przedsiębior | firm | mśp | wykonawc | podmioty gospodarcze | przedsiębiorstwa społeczne
es: empresa | pymes | autónomos | licitador | operadores económicos | sector privado | cooperativas
it: impres | pmi | aziend | operatori economici | società | imprese sociali
el: επιχειρήσ | μμε | οικονομικοί φορείς | εταιρεί | ιδιωτικ
sr: preduzeć | privredn | firm | ponuđač | предузећ | привредн | понуђач | msp | мсп
mk: претпријати | фирми | економски оператори | мсп | компании
de: unternehmen | firmen | kmu | betriebe | bieter | auftragnehmer | sozialunternehmen |
    privatwirtschaft |
    waldbesitz | landwirt
""",
    "international-organisation": """
en: international organi | un agencies | united nations agenc | intergovernmental
fr: organisations internationales | organisation internationale | organismes internationaux
ro: organizații internaționale | organizațiile internaționale
hu: nemzetközi szervezet
bg: международни организации
sk: medzinárodné organizácie
cs: mezinárodní organizace
pl: organizacje międzynarodowe
es: organismos internacionales | organizaciones internacionales
it: organizzazioni internazionali | organismi internazionali
el: διεθνείς οργανισμ | διεθνών οργανισμών
sr: međunarodne organizacije | међународне организације
mk: меѓународни организации
de: internationale organisation
""",
    "individual": """
en: individuals | individual experts | natural persons | private persons | individual applicants |
    contestants | nominees | individual consultant | freelance | students= | researchers as |
    young people aged | young people between | groups of young people | informal groups |
    self-employed | you must | individual entrepreneur | individual journalist | teams of |
    roma citizens | women residing | applying individually | roma women | pupils=
fr: personnes physiques | particuliers | étudiants= | à titre individuel | artistes= | auteurs= |
    groupes informels | jeunes âgés | personne physique | élèves= | lycéens
ro: persoane fizice | studenți= | elevi= | mediatorii școlari | cadrele didactice | persoană fizică
hu: magánszemély | természetes személy | hallgatók | diákok= | pályázó személy | tanulók=
bg: физически лица | студенти= | журналисти | ученици= | физическо лице
sk: fyzické osoby | študenti= | jednotlivci | žiaci=
cs: fyzické osoby | studenti= | jednotlivci | žáci=
pl: osoby fizyczne | studenci= | osoby indywidualne | uczniowie= | rolnicy=
es: personas físicas | estudiantes= | a título individual | alumnos= | persona física
it: persone fisiche | studenti= | singoli= | studentesse | persona fisica
el: φυσικά πρόσωπα | φοιτητές= | ιδιώτες= | μαθητές= | φυσικό πρόσωπο
sr: fizička lica | studenti= | физичка лица | студенти= | pojedinci | učenici | ученици |
    ученицима |
    fizičko lice | физичко лице | poljoprivrednici | пољопривредници
mk: физички лица | студенти= | поединци | ученици | физичко лице | граѓани=
de: natürliche personen | einzelpersonen | studierende= | privatpersonen | schülerinnen | schüler=
""",
}

# Sentences about who may apply.
APPLICANT_WORDS = """
en: eligib | applicant | apply | may take part | can take part | open to | who can | who may |
    participating organi | entries can | may participate | may bid | may submit | can borrow |
    borrowers | intermediar |
    partner | beneficiar | borrower | lead | consortium | participants | tenderer | bidder |
    participation | invited | invites | submitted by | can enter | may enter | contestant |
    nominat | entrants | candidates | winners | awarded to | intended for | addressed to | target
fr: éligib | candidat | bénéficiaire | porteur | peuvent | peut être | qui peut | ouvert |
    emprunteur | partenaire | consortium | soumissionnaire | invite | destiné | s'adresse |
    participer | lauréat | dépos
ro: eligibil | solicitan | aplicant | partener | beneficiar | pot depune | poate depune |
    adresează | pot aplica | participa | ofertan | invită | candidat
hu: jogosult | pályáz | partner | kedvezményezett | támogatást igényelhet | részt vehet |
    ajánlattev |
    igénylő | támogatást igénylők | kérelmező | benyújtására jogosult
bg: допустим | кандидат | бенефициент | партньор | могат да | участ | кандидатства | водещ кандидат
sk: oprávnen | žiadateľ | prijímateľ | partner | môžu | účast | uchádzač
cs: oprávněn | žadatel | příjemc | partner | mohou | účast | uchazeč
pl: uprawnion | wnioskodaw | beneficjen | partner | mogą | udział | wykonawc | skierowan
es: elegible | solicitant | beneficiari | podrán | pueden | socio | participar | dirigid | licitador
it: ammissibil | richiedent | beneficiari | possono | partner | partecipa | soggetti proponenti |
    destinatari | rivolto
el: επιλέξιμ | αιτούντ | δικαιούχ | εταίρ | μπορούν | συμμετ | απευθύνεται | υποψήφι
sr: prihvatljiv | podnosi | korisni | partner | mogu | pravo učešća | pravo da | прихватљив |
    подносил | корисни | партнер | могу | право учешћа | право да
mk: прифатлив | апликант | корисни | партнер | можат | право да | учеств
de: förderfähig | antragstell | antragsberechtigt | zuwendungsempfänger | partner | können |
    teilnehm | bewerb | richtet sich | ausgezeichnet werden | angebote können | antragstellung |
    anträge können
"""
# A sentence (or its tail) saying a type may NOT apply.
NOT_ALLOWED = """
en: not eligible | ineligible | cannot apply | may not apply | cannot be | may not |
    are excluded | is excluded | not be funded | cannot receive | are not | is not | no other |
    not as applicant | only as associated | not lead | but not | excluding | except
fr: ne sont pas éligibles | n'est pas éligible | ne peuvent pas | ne peut pas | exclus |
    ne sont pas | inéligible | sauf | à l'exception | hormis | qu'en tant que partenaires associés
ro: nu sunt eligibil | nu este eligibil | nu pot | nu poate | sunt excluse | cu excepția
hu: nem jogosult | nem pályázhat | nem lehet | kizár | kivéve
bg: не са допустими | не е допустим | не могат | не може | изключени | с изключение
sk: nie sú oprávnen | nie je oprávnen | nemôžu | nemôže | vylúčen | okrem
cs: nejsou oprávněn | není oprávněn | nemohou | nemůže | vyloučen | kromě
pl: nie są uprawnion | nie może | nie mogą | wyłączon | z wyjątkiem
es: no son elegibles | no es elegible | no podrán | no pueden | no puede | excluid | excepto
it: non sono ammissibili | non è ammissibile | non possono | non può | esclus | ad eccezione
el: δεν είναι επιλέξιμ | δεν μπορούν | δεν μπορεί | αποκλείονται | εκτός από
sr: nisu prihvatljiv | nije prihvatljiv | ne mogu | ne može | isključen | osim | не могу | не може |
    осим
mk: не се прифатлив | не можат | не може | освен
de: nicht förderfähig | nicht antragsberechtigt | können nicht | kann nicht | ausgeschlossen |
    ausgenommen | außer
"""
ANY_LEVEL = """
en: public authorities at any level | public authorities at all levels |
    public bodies at any level |
    public authorities at national, regional or local level | public authorities at national,
    regional and local level | public authorities of any level | public bodies of all levels
fr: autorités publiques de tout niveau | autorités publiques à tous les niveaux |
    pouvoirs publics de tous niveaux | autorités publiques nationales, régionales et locales
ro: autorități publice de la orice nivel | autorități publice de la toate nivelurile
hu: bármely szintű közigazgatási | minden szintű hatóság
bg: публични органи на всички нива | публични органи на всяко ниво
sk: orgány verejnej moci na všetkých úrovniach
cs: orgány veřejné moci na všech úrovních
pl: organy władzy publicznej wszystkich szczebli
es: autoridades públicas de cualquier nivel | administraciones públicas de todos los niveles
it: autorità pubbliche di qualsiasi livello | amministrazioni pubbliche di ogni livello
el: δημόσιες αρχές όλων των επιπέδων | δημόσιοι φορείς όλων των επιπέδων
sr: organi javne vlasti svih nivoa | органи јавне власти свих нивоа
mk: јавни органи од сите нивоа
de: öffentliche stellen aller ebenen | behörden aller ebenen
"""
TERRITORIAL = """
fr: collectivités territoriales | collectivité territoriale
ro: unități administrativ-teritoriale | unitățile administrativ-teritoriale
pl: jednostki samorządu terytorialnego | jednostek samorządu terytorialnego | jst=
it: enti territoriali
es: entidades territoriales
sk: územné samosprávy | územná samospráva
cs: územní samosprávné celky | územní samospráv
en: local and regional authorities | local and regional government
"""
ANY_ENTITY = """
en: any legal entity | any legal entities | all types of legal entit | legal entities of any type |
    any organisation | any public or private | all legal entities | public or private entities |
    public or private organisations | public and private organisations | any type of organi |
    organisations of any type | public or private bodies | entities of any type
fr: toute entité juridique | toute personne morale | tout organisme public ou privé |
    toute structure publique ou privée | entités publiques ou privées | organismes publics ou privés
ro: orice entitate juridică | orice persoană juridică
hu: bármely jogi személy
bg: всяко юридическо лице | всички юридически лица
sk: akákoľvek právnická osoba
cs: jakákoli právnická osoba
pl: każdy podmiot prawny | dowolny podmiot
es: cualquier entidad jurídica | cualquier persona jurídica
it: qualsiasi soggetto giuridico | qualsiasi persona giuridica
el: οποιοδήποτε νομικό πρόσωπο
sr: svako pravno lice | свако правно лице
mk: секое правно лице
de: jede juristische person | alle juristischen personen
"""
# Legal entities with no type named beside them: any type but people and international bodies.
LEGAL_ENTITIES = """
en: legal entities | legal persons
fr: entités juridiques | personnes morales
ro: persoane juridice | entități juridice
hu: jogi személy
bg: юридически лица
sk: právnické osoby
cs: právnické osoby
pl: osoby prawne | podmioty prawne
es: personas jurídicas | entidades jurídicas
it: persone giuridiche | soggetti giuridici
el: νομικά πρόσωπα
sr: pravna lica | правна лица
mk: правни лица
de: juristische personen
"""
# Unqualified public bodies: all three authority levels (conventions: "at any level").
PUBLIC_BODIES = """
en: public authorit | public bod | public administrations | public entities |
    public institutions |
    bodies governed by public law | public sector bodies | public organisations
fr: autorit publiqu | organism publics | personnes morales de droit public |
    administrations publiques | établissements publics |
    pouvoirs publics | entités publiques
ro: autorit publice | instituții publice | entități publice
hu: közigazgatási szerv | közintézmény | költségvetési szerv | állami és önkormányzati
bg: публични органи | публични институции | публичноправни
sk: orgány verejnej správy | verejné inštitúcie | subjekty verejnej správy
cs: orgány veřejné správy | veřejné instituce | veřejnoprávní
pl: organy publiczne | instytucje publiczne | podmioty publiczne |
    jednostki sektora finansów publicznych
es: administraciones públicas | organismos públicos | entidades públicas |
    entidades del sector público
it: enti pubblici | amministrazioni pubbliche | pubbliche amministrazioni | soggetti pubblici
el: δημόσιοι φορείς | δημόσιες αρχές | φορείς του δημοσίου | νπδδ
sr: javni organi | javne institucije | organi javne vlasti | јавни органи | јавне институције
mk: јавни органи | јавни институции
de: öffentliche stellen | öffentliche einrichtungen | behörden |
    körperschaften des öffentlichen rechts |
    öffentliche hand
"""
# Level words that, two or more joined ("local, regional and national"), name authorities.
LEVELS = {
    "local-authority": "local | locaux | locale | lokal | местн | локалн | τοπικ | helyi | "
    "miejscow | municipal | comunal | mestn | místn | miestn",
    "regional-authority": "regional | régionaux | régionale | regionaln | регионалн | "
    "περιφερειακ | "
    "regionális | county | județen | megyei | krajsk | wojewódzk | provincial | autonómic | "
    "областн | pokrajinsk",
    "national-authority": "national | nationaux | nacional | nazional | naționa | национал | "
    "národn | krajow | εθνικ | nemzeti | országos | state | central | centrale | централн | "
    "κεντρικ | központi | republičk | републичк | bundes",
}
# Nouns that a single level word qualifies ("national water management authorities",
# "administrations régionales"): the level names the authority type.
LEVEL_NOUNS = (
    r"authorit|administrat|bodies|body|services|institution|agenc|autorit|organism|collectivit|"
    r"instituc|organ|behörd|behord|uprav|vlast|αρχ|φορε|hatosag|szerv|orgán|organy|organe"
)
# Verbs after which a sentence's earlier bodies are the funder, not applicants.
FUNDER_VERBS = """
en: invites | invite | launches | opens | publishes | finances | funds | supports | announces |
    offers | calls for | seeks
fr: invite | lance | ouvre | publie | finance | soutient | propose | accorde
ro: invită | lansează | finanțează | sprijină | anunță
hu: felhívást tesz közzé | meghirdet | támogat | finanszíroz
bg: кани | обявява | финансира | подкрепя | открива
sk: vyhlasuje | vyzýva | financuje | podporuje
cs: vyhlašuje | vyzývá | financuje | podporuje
pl: ogłasza | zaprasza | finansuje | wspiera
es: convoca | invita | financia | apoya | abre
it: invita | pubblica | finanzia | sostiene | promuove
el: καλεί | προκηρύσσει | χρηματοδοτεί | στηρίζει
sr: raspisuje | poziva | finansira | podržava | расписује | позива | финансира
mk: објавува | повикува | финансира | поддржува
de: fördert | ruft | lädt | unterstützt | finanziert | schreibt aus
"""
