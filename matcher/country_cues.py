"""Words and names of the country rules (matcher/countries.py), per language.

Cue lists are written as matcher/cues.py describes (`lang: stem | stem`).
"""

from __future__ import annotations

# fmt: off
KNOWN = {
    "AD", "AL", "AM", "AT", "AZ", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE",
    "ES", "FI", "FR", "GB", "GE", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV",
    "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SK",
    "SM", "TR", "UA", "VA", "XK", "IL", "TN", "MA", "EG", "DZ", "LB", "JO", "PS", "US", "CA",
    "JP", "KR", "NZ", "AU", "FO", "GL",
}
NAME_LANGUAGES = (
    "en", "fr", "de", "es", "it", "pt", "nl", "ro", "hu", "bg", "sk", "cs", "pl", "el", "sr",
    "sr_Latn", "mk", "hr", "sl", "sq", "tr", "uk", "ru",
)
# fmt: on
# English names that babel and pycountry spell otherwise.
EXTRA_NAMES = {
    "turkey": "TR",
    "czech republic": "CZ",
    "slovak republic": "SK",
    "macedonia": "MK",
    "fyrom": "MK",
    "great britain": "GB",
    "britain": "GB",
    "kosova": "XK",
    "kosovo": "XK",
    "holland": "NL",
    "moldova": "MD",
    "polsce": "PL",
    "rumunii": "RO",
    "węgrzech": "HU",
    "magyarországi": "HU",
    "hellas": "GR",
}
# A language's home country, for national calls that name none.
HOME = {
    "bg": "BG", "cs": "CZ", "de": "DE", "el": "GR", "es": "ES", "fr": "FR", "hr": "HR",
    "hu": "HU", "it": "IT", "mk": "MK", "pl": "PL", "pt": "PT", "ro": "RO", "sk": "SK",
    "sl": "SI", "sr": "RS", "sq": "AL", "nl": "NL", "da": "DK", "sv": "SE", "fi": "FI",
    "et": "EE", "lv": "LV", "lt": "LT",
}  # fmt: skip

# Group phrases: a head word ("Member States") and a qualifier naming the group.
MEMBER_STATES = """
en: member state | countries of the eu | eu countries | eu member
fr: états membres | état membre | pays de l'ue | pays membres
ro: statele membre | state membre | stat membru | statelor membre
hu: tagállam
bg: държави членки | държава членка | държавите членки
sk: členské štáty | členských štátov | členskom štáte | členský štát
cs: členské státy | členských států | členském státě | členský stát
pl: państwa członkowskie | państw członkowskich | państwie członkowskim
es: estados miembros | estado miembro
it: stati membri | stato membro
el: κράτη μέλη | κράτος μέλος | κρατών μελών | κράτους μέλους
sr: države članice | država članica | државе чланице | држава чланица
mk: држави членки | држава членка
de: mitgliedstaat
"""
GROUP_QUALIFIERS = {
    "eu": """
en: eu= | european union | eu27 | eu-27
fr: ue= | union européenne | de l'union=
ro: ue= | uniunii europene | uniunea europeană
hu: eu= | uniós | európai unió
bg: ес= | европейския съюз
sk: eú= | európskej únie | eu=
cs: eu= | evropské unie
pl: ue= | unii europejskiej
es: ue= | unión europea
it: ue= | unione europea
el: εε= | ευρωπαϊκής ένωσης
sr: eu= | evropske unije | еу= | европске уније
mk: еу= | европската унија
de: eu= | europäischen union
""",
    "coe": """
en: council of europe | coe=
fr: conseil de l'europe
ro: consiliului europei
hu: európa tanács
bg: съвета на европа
sk: rady európy
cs: rady evropy
pl: rady europy
es: consejo de europa
it: consiglio d'europa
el: συμβουλίου της ευρώπης
sr: saveta evrope | савета европе
mk: советот на европа
de: europarat
""",
}
# Phrases that name a group on their own.
GROUP_PHRASES = {
    "eea-grants": """
en: beneficiary states | beneficiary countries of the eea | eea and norway grants beneficiary
fr: états bénéficiaires
""",
    "erasmus-programme": """
en: erasmus+ programme countries | programme countries | associated third countries |
    erasmus+ member states and associated
fr: pays du programme erasmus | pays participant au programme erasmus
""",
    "western-balkans": """
en: western balkans
fr: balkans occidentaux
ro: balcanii de vest
hu: nyugat-balkán
bg: западните балкани
sk: západného balkánu | západný balkán
cs: západního balkánu | západní balkán
pl: bałkanów zachodnich | bałkany zachodnie
es: balcanes occidentales
it: balcani occidentali
el: δυτικά βαλκάνια | δυτικών βαλκανίων
sr: zapadnog balkana | zapadni balkan | западног балкана | западни балкан
mk: западен балкан | западниот балкан
de: westbalkan | westlichen balkan
""",
    "ipa": """
en: ipa iii beneficiaries | ipa beneficiaries | enlargement countries | candidate countries
fr: bénéficiaires de l'ipa | pays candidats
""",
    "eastern-partnership": """
en: eastern partnership
fr: partenariat oriental
ro: parteneriatul estic
hu: keleti partnerség
bg: източното партньорство
pl: partnerstwa wschodniego
de: östliche partnerschaft
""",
}
EXCLUDE_BEFORE = """
en: except | apart from | with the exception of | excluding | other than | but not | excluded
fr: sauf | à l'exception | hormis | excepté | hors= | à l'exclusion
ro: cu excepția | mai puțin | exceptând
hu: kivéve | kivételével
bg: с изключение на | освен= | без=
sk: okrem | s výnimkou
cs: kromě | s výjimkou
pl: z wyjątkiem | poza= | oprócz
es: excepto | salvo | a excepción | con excepción | excluido
it: ad eccezione | tranne | eccetto | escluso | esclusa
el: εκτός από | με εξαίρεση | πλην=
sr: osim= | izuzev | осим | изузев
mk: освен= | со исклучок
de: außer= | ausgenommen | mit ausnahme
"""
NOT_ELIGIBLE = """
en: not eligible | ineligible | cannot apply | may not apply | does not participate |
    do not participate | are excluded | is excluded | not participate | not take part | excepted
fr: ne sont pas éligibles | n'est pas éligible | inéligible | ne participe pas | exclus | excepté
ro: nu sunt eligibil | nu este eligibil | nu participă
hu: nem jogosult | nem vesz részt | nem pályázhat
bg: не са допустими | не е допустим | не участва
sk: nie sú oprávnen | nie je oprávnen | nezúčastňuje
cs: nejsou oprávněn | není oprávněn | neúčastní
pl: nie są uprawnion | nie kwalifikuj | nie uczestniczy
es: no son elegibles | no es elegible | no participa
it: non sono ammissibili | non è ammissibile | non partecipa
el: δεν είναι επιλέξιμ | δεν συμμετέχει
sr: nisu prihvatljiv | nije prihvatljiv | ne učestvuje
mk: не се прифатлив | не учествува
de: nicht förderfähig | nicht antragsberechtigt | nimmt nicht teil
"""
# Words of donors and languages: a country named in them is not where applicants are.
DONOR = """
en: norway grants | eea grants | eea and norway grants | norwegian | icelandic
fr: subventions eee | norvégien
ro: granturile see | norvegian | granturi norvegiene
hu: norvég alap | egt és norvég | norvég finanszírozási | egt-alap
bg: норвежк | ипп на еип
sk: nórsk | eho a nórska
cs: norsk | ehp a norska
pl: norweski | eog i norweskich
es: noruegas | noruego
it: norvegesi | norvegese
el: νορβηγικ | εοχ
sr: norveški | норвешк
mk: норвешк
de: norwegisch
"""
ESTABLISHED = """
en: establish | based | registered | located | legal entit | eligible | resident | seat
fr: établi | implanté | siège | enregistré | éligible | résid | ayant leur siège
ro: stabilit | sediul | înregistrat | eligibil | rezident
hu: székhely | bejegyzett | jogosult | letelepedett
bg: регистриран | седалище | установен | допустим
sk: sídl | registrovan | oprávnen
cs: sídl | registrovan | oprávněn
pl: siedzib | zarejestrowan | uprawnion
es: establecid | sede | domicili | elegible | registrad
it: stabilit | sede | registrat | ammissibil
el: εδρ | εγκατεστημέν | επιλέξιμ
sr: sedište | registrovan | prihvatljiv | седиште | регистрован
mk: седиште | регистриран | прифатлив
de: sitz | ansässig | niedergelassen | registriert | antragsberechtigt
"""
ANY_COUNTRY = """
en: in any country | from any country | any country in the world | no geographical restriction |
    no geographic restriction | open to all countries | regardless of their country
fr: de tout pays | dans tout pays | quel que soit leur pays | quel que soit le pays |
    sans restriction géographique
ro: din orice țară | fără restricții geografice
hu: bármely országból | bármely országban
bg: от всяка държава | от която и да е държава
sk: z akejkoľvek krajiny
cs: z jakékoli země | z jakékoliv země
pl: z dowolnego kraju | z każdego kraju
es: de cualquier país | en cualquier país
it: di qualsiasi paese | in qualsiasi paese
el: από οποιαδήποτε χώρα
sr: iz bilo koje zemlje | из било које земље
mk: од која било земја
de: aus jedem land | aus allen ländern | in jedem land
"""
ASSOCIATED = """
en: associated to the programme | associated third countries | third country associated |
    third countries associated | associated countries | countries associated
fr: pays tiers associ | associés au programme | associé au programme | pays associ
"""

# Words of a sentence about who may apply or take part, in any of our languages.
APPLICANTS = """
en: eligib | applicant | apply | partner | borrower | beneficiar | establish | based in |
    registered | located | open to | participat | consortium | countries | who can | take part |
    entities | lead | tender | bidder | candidate | resident | covered by | programme area |
    eligible area | cross-border | border | organisations in | organisations from | contestant
fr: éligib | candidat | bénéficiaire | emprunteur | partenaire | porteur | établi | implanté |
    siège | ouvert aux | ouvert à | particip | consortium | pays | qui peut | structures |
    organismes | résid | zone | frontal | transfrontal | soumissionnaire
ro: eligibil | solicitan | aplicant | partener | beneficiar | stabilit | sediu | înregistrat |
    particip | consorți | țări | cine poate | rezident | transfrontal
hu: jogosult | pályáz | partner | kedvezményezett | székhely | bejegyzett | részt | konzorci |
    ország | határon átnyúló | ajánlattev
bg: допустим | кандидат | бенефициент | партньор | регистриран | седалище | участ | консорциум |
    държав | трансгранич
sk: oprávnen | žiadateľ | prijímateľ | partner | sídl | registrovan | účast | konzorci | krajin |
    cezhranič | žiadať
cs: oprávněn | žadatel | příjemc | partner | sídl | registrovan | účast | konsorci | zem |
    přeshranič | žádat
pl: uprawnion | wnioskodaw | beneficjen | partner | siedzib | zarejestrowan | udział | konsorcj |
    kraj | transgranicz
es: elegible | solicitant | beneficiari | socio | entidades | establecid | sede | domicili |
    particip | consorcio | país | transfronteriz
it: ammissibil | richiedent | beneficiari | partner | soggetti | stabilit | sede | partecip |
    consorzio | paes | transfrontalier
el: επιλέξιμ | αιτούντ | δικαιούχ | εταίρ | εδρ | συμμετ | κοινοπραξ | χώρ | διασυνοριακ
sr: prihvatljiv | podnosi | korisni | partner | sedište | registrovan | učešć | konzorcij |
    zemlj | prekogranič | прихватљив | подносил | корисни | партнер | седиште | регистрован |
    учешћ | земљ | прекогранич
mk: прифатлив | апликант | корисни | партнер | седиште | регистриран | учеств | земј |
    прекугранич
de: förderfähig | antragstell | antragsberechtigt | begünstigt | partner | sitz | ansässig |
    teilnehm | konsortium | länder | grenzüberschreitend | zuwendungsempfänger
"""
# A sentence about where people come from or where activities go names no applicant country.
BACKGROUND = """
en: migrated from | moved from | originat | arriving from | who fled | refugees from |
    study visits to | study visit to | fled from | displaced from | came from
fr: originaires | venus de | issus de | arrivés de | visites d'étude dans | réfugiés |
    déplacées d | déplacés d
ro: originar | proveniți din | veniți din | refugiați din
hu: származó | érkezett | menekült
bg: произхожда | пристигнал | бежанци от
sk: pochádza | prišli z | utečenc
cs: pocház | přišli z | uprchlí
pl: pochodząc | przybył | uchodźc
es: procedent | originari | llegados de | refugiados
it: originari | arrivati da | rifugiati
el: προέρχ | προερχόμεν | πρόσφυγες
sr: poreklom | došli iz | izbegl | пореклом | дошли из
mk: потекнув | дојдени од | бегалци
de: zugewandert | zuwander | herkunft | stammend | stammen aus | geflüchtet
"""
# A sentence that makes partners optional names no country applicants must be from.
OPTIONAL = """
en: not required | not mandatory | not compulsory | optional | welcome but
fr: pas obligatoire | facultati | non obligatoire
ro: nu este obligatori | opțional | facultativ
hu: nem kötelező | opcionális
bg: не е задължително | незадължител | по избор
sk: nie je povinn | nepovinn | dobrovoľn
cs: není povinn | nepovinn | dobrovoln
pl: nie jest obowiązkow | opcjonaln | nieobowiązkow
es: no es obligatori | opcional | facultativ
it: non è obbligatori | facoltativ | opzional
el: δεν είναι υποχρεωτικ | προαιρετικ
sr: nije obavez | opcion | није обавез | опцион
mk: не е задолжител | опцион
de: nicht verpflichtend | nicht erforderlich | optional | freiwillig
"""


INFLECTING = {"hu", "pl", "cs", "sk", "sr", "hr", "bs", "sl", "mk", "bg", "el", "ro", "de"}
ADJECTIVES = {
    "AL": "albanian albanais", "AT": "austrian autrichien", "BA": "bosnian bosnien",
    "BE": "belgian belge", "BG": "bulgarian bulgare", "HR": "croatian croate",
    "CY": "cypriot chypriote", "CZ": "czech tchèque", "DK": "danish danois",
    "EE": "estonian estonien", "FI": "finnish finlandais", "FR": "french français",
    "DE": "german allemand", "GR": "greek grec", "HU": "hungarian hongrois",
    "IE": "irish irlandais", "IT": "italian italien", "XK": "kosovar kosovan",
    "LV": "latvian letton", "LT": "lithuanian lituanien", "LU": "luxembourg luxembourgeois",
    "MT": "maltese maltais", "MD": "moldovan moldave", "ME": "montenegrin monténégrin",
    "NL": "dutch néerlandais", "MK": "macedonian macédonien", "PL": "polish polonais",
    "PT": "portuguese portugais", "RO": "romanian roumain", "RS": "serbian serbe",
    "SK": "slovak slovaque", "SI": "slovenian slovene slovène", "ES": "spanish espagnol",
    "SE": "swedish suédois", "CH": "swiss suisse", "TR": "turkish turc",
    "UA": "ukrainian ukrainien",
    "GB": "british britannique", "IS": "icelandic islandais",
}  # fmt: skip
# An adjective names an applicant country only before words like these ("a French partner",
# "Romanian and Hungarian municipalities", "un partenaire belge").
