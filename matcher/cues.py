"""Cue words of the extraction rules, per concept and language, compiled once.

Each list is written as `lang: cue | cue | …`, one language a line. A cue matches at the
start of a word and may go on (it is a stem: "submi" matches "submit", "submission");
a cue ending in `=` must end with the word ("до=" is the word "до", not "докато"). Cues
are folded like the text (lower case, no accents, final sigma as sigma) before compiling,
so they are written naturally.
"""

from __future__ import annotations

import re
from functools import cache

from matcher.text import fold

# Words that make the next date a submission deadline.
DEADLINE = """
en: deadline | closing date | closes | close on | closing | submi | apply by | applications by |
    no later than | not later than | until | cut-off | cut off | cutoff | due | received by |
    must reach | apply before | apply until | expressions of interest | stage 1 | stage 2 |
    first stage | second stage | full proposals | latest | by= | time limit | rounds | round= |
    windows | window= | sessions | receipt of | screening rounds | application rounds | stage=
fr: date limite | délai | au plus tard | jusqu'au | jusqu au | avant le | clôture | dépôt |
    déposé | soumission | candidatures | échéance | remise | clos le | doivent parvenir | envoy |
    transmettre | adresser | sessions | tours= | tour= | vague | étape | parvenir
ro: termen | data limită | data-limit | până la | până pe | depuner | depun | închider | transmise |
    înscrier | sesiun | etapa | runda
hu: határid | beadás | benyújt | lezárul | jelentkez | beérkez | szakasz | forduló | kör=
bg: срок | до= | подаван | кандидатств | приемат | приема | кръг | крайн дат | етап | сесия
sk: uzávierk | termín | predlož | predklad | podan | podáv | najneskôr | do= | kolo |
    príjem žiadostí
cs: uzávěrk | termín | předlož | předklád | podán | podáv | nejpozději | do= | kolo |
    příjem žádostí |
    příjmu žádostí | ukončení příjmu
pl: do dnia | składan | nabór | przyjm | zgłosze | termin | do= | runda | etap
es: plazo | fecha límite | hasta | presentación | cierre | presentar | corte | convocatoria
it: scadenza | entro | termine | presentazione | chiusura | presentare | finestra | sportello
pt: prazo | até= | submiss | candidaturas
el: προθεσμί | έως | μέχρι | υποβολ | λήξη | λήγει | καταληκτικ | κύκλ | φάση
sr: rok= | roka= | zaključno | podnošenj | prijav | рок= | рока= | закључно | подношењ |
    пријав | do=
mk: рок= | рокот | поднесув | аплицир | доставув | до=
de: frist | einreich | bewerbung | antrag | stichtag | einsendeschluss | bis zum | bis= |
    spätestens | abgabe | angebotsfrist | schlusstermin | eingang der angebote | bewerbungsfrist |
    einreichungsfrist | abgabefrist | teilnahmefrist
"""

# Words that make the next date something other than a deadline.
NOT_DEADLINE = """
en: publish | publication | opens | opening | open from | launch | start | information day |
    info day | info session | information session | webinar | workshop | conference | meeting |
    event | implementation | duration | between | results | notification | informed | award |
    signature | signed | begin | ends | end by | last until | run until | runs until |
    eligible from | costs incurred | lasting | announced | adopted | decision | questions |
    clarification | project period | implementation period | activities starting | starting after
fr: publié | publication | ouverture | ouvert | lancement | début | réunion | séance | atelier |
    webinaire | événement | mise en œuvre | mise en oeuvre | durée | résultat | à partir |
    démarr | annonc | décision | questions | débutant | remise des prix
ro: publicar | publicat | lansar | deschider | sesiune de informare | începând | implementar |
    perioada de implementare | rezultat | încep | anunț | decizi
hu: megjelen | indul | kezd | tájékoztató | megvalósít | eredmény | tól= | től= | döntés | kihirdet
bg: публикува | откриван | информационен ден | информационна среща | информационни дни |
    изпълнени | продължителност | резултат | решени | обяв | начал
sk: zverejn | otvor | realizáci | trvani | výsledk | začiat | rozhodnut | vyhlás
cs: zveřejn | otevř | realizac | trvání | výsledk | zahájen | rozhodnut | vyhlás
pl: ogłosz | rozpocz | spotkan | realizac | okres realizacji | wynik | decyzj | ogłoszen
es: publica | apertura | inicio | jornada | ejecución | resolución | periodo de ejecución
it: pubblica | apertura | avvio | incontro | realizzazione | durata | esito
el: δημοσιε | έναρξη | ενημερωτική εκδήλωση | ενημερωτική ημερίδα | υλοποίηση | διάρκεια |
    αποτελέσμα
sr: objavljen | početak | početk | realizacij | trajanj | objav | odluk |
    објав | почет | реализациј | трајањ | одлук
mk: објавен | почеток | реализација | траење | одлука
de: veröffentlich | beginn | informationsveranstaltung | laufzeit | durchführung |
    entscheidung | preisverleihung
"""

# Phrases of calls with no fixed deadline.
ROLLING = """
en: rolling basis | on a rolling | rolling call | open-ended | no deadline | no fixed deadline |
    continuously open | open continuously | permanently open | until funds are exhausted |
    until the funds are exhausted | until the budget is exhausted | first come | open call
    without deadline | applications can be submitted at any time | at any time
fr: en continu | au fil de l'eau | sans date limite | jusqu'à épuisement | de façon permanente |
    à tout moment | permanente
ro: continuu | permanent | până la epuizarea | oricând
hu: folyamatos | kimerülés | keret kimerül | bármikor
bg: постоянно | до изчерпване | непрекъснато | по всяко време
sk: priebežne | do vyčerpania | kedykoľvek
cs: průběžně | do vyčerpání | kdykoli
pl: w trybie ciągłym | do wyczerpania | w sposób ciągły | w dowolnym momencie
es: abierta de forma permanente | hasta agotar | de forma continua | en cualquier momento |
    convocatoria abierta permanente
it: a sportello | fino ad esaurimento | in qualsiasi momento | aperto in modo permanente
el: συνεχή | μέχρι εξαντλήσεως | μέχρι εξάντλησης | ανοιχτή πρόσκληση
sr: kontinuirano | do utroška | do iskorišćenja | bilo kada | континуирано | до утрошка
mk: континуирано | до искористување | постојано отворен
de: laufend | fortlaufend | jederzeit | bis zur ausschöpfung | ohne frist | ohne einreichungsfrist
"""

AMOUNT_MAX = """
en: up to | maximum | max | not exceed | ceiling | at most | capped | no more than | largest |
    award of | prize of | first prize | grants of | may request | can request | limit of
fr: jusqu'à | jusqu’à | plafond | plafonn | au plus | n'excédant | ne peut dépasser |
    ne pourra dépasser | maximal | maximum | premier prix | prix de | dans la limite
ro: până la | maxim | cel mult | nu poate depăși | nu depășește | premiul | poate ajunge
hu: legfeljebb | maximum | maximális | max | díj | legmagasabb
bg: максимал | максимум | не повече | до= | награда | надвишава
sk: maximáln | najviac | do výšky | do= | až do | cena
cs: maximáln | nejvýše | až do | do výše | do= | cena
pl: maksymaln | nie więcej | do kwoty | do wysokości | do= | nagroda
es: hasta | máxim | como máximo | no podrá superar | no superior | primer premio | premio de |
    superará | superar
it: fino a | massim | non superiore | non può superare | primo premio | premio di
el: έως | μέχρι | μέγιστ | ανώτατ | βραβείο | υπερβαίνει
sr: najviše | maksimaln | ne više od | do= | највише | максимал | до= | nagrad | наград
mk: најмногу | максимал | не повеќе | до= | наград
de: bis zu | höchstens | maximal | höchstbetrag | obergrenze | preis
"""

AMOUNT_MIN = """
en: minimum | at least | min | not less than | starting from | from=
fr: minimum | au moins | d'au moins | minimal | à partir de
ro: minim | cel puțin | de la
hu: legalább | minimum | minimális
bg: най-малко | минимум | минимал | от=
sk: minimáln | najmenej | od=
cs: minimáln | nejméně | od=
pl: co najmniej | minimaln | od=
es: al menos | como mínimo | mínim | desde
it: almeno | minim | da=
el: τουλάχιστον | ελάχιστ | από=
sr: najmanje | minimaln | od= | најмање | минимал | од=
mk: најмалку | минимал | од=
de: mindestens | mindestbetrag | ab=
"""

# Amounts of a whole call or programme (strong words; a bare "budget" is not one: a tender's
# "Budget: EUR 92,000" is the contract's maximum).
AMOUNT_TOTAL = """
en: total | overall | envelope | allocated | allocation | in all | fund of | programme has |
    amounting to a total | call budget | budget of the call | budget for the call |
    indicative budget |
    topic budget
fr: total | enveloppe | dotation globale | montant global | montant total | dotation totale |
    budget de l'appel | budget global
ro: alocar | valoare totală | total | valoarea totală | bugetul apelului | buget total
hu: keretösszeg | teljes kerete | teljes keret | összesen | rendelkezésre álló keret |
    felhívás kerete
bg: общ | алокац | финансов ресурс | общия бюджет | общият бюджет
sk: alokáci | celkov | vyčlenen
cs: alokac | celkov | vyčleněn
pl: pula | łączna | alokacj | ogółem | budżet naboru | kwota przeznaczona
es: crédito | dotación total | cuantía total | importe total | total | presupuesto total
it: dotazione | complessiv | stanziament | totale
el: συνολικ | προϋπολογισμός της πρόσκλησης
sr: ukupn | fond= | укупн | фонд=
mk: вкупн | фонд=
de: gesamt | insgesamt | finanzvolumen | fördervolumen
"""
# After an amount: it is the call's total ("EUR 15 million in total", "is available").
AMOUNT_TOTAL_AFTER = """
en: in total | is available | are available | overall | for the call | for this call | for the whole
fr: au total | sont disponibles | est disponible | pour l'appel
ro: în total | sunt disponibil
hu: összesen | áll rendelkezésre
bg: общо | са на разположение
sk: celkovo | spolu
cs: celkem
pl: łącznie | ogółem
es: en total | están disponibles
it: in totale | complessivi | sono disponibili
el: συνολικά | συνολικού
sr: ukupno | укупно
mk: вкупно
de: insgesamt | stehen zur verfügung
"""
# After an amount: it is a ceiling ("275 000 € au maximum", "EUR 1 million maximum").
AMOUNT_MAX_AFTER = """
en: maximum | max | at most | ceiling
fr: au maximum | maximum | au plus | maximal
ro: maxim | cel mult
hu: legfeljebb | maximum
bg: максимум | най-много
sk: maximálne
cs: maximálně
pl: maksymalnie
es: como máximo | máximo
it: al massimo | massimo
el: το ανώτατο | κατ' ανώτατο
sr: najviše | највише
mk: најмногу
de: maximal | höchstens
"""
# Amounts that are not the grant: eligible costs, averages, income limits.
AMOUNT_OTHER = """
en: eligible costs | eligible expenditure | total cost | average | approximately | income |
    eligible budget |
    co-financing of at least | turnover
fr: dépenses éligibles | coût total | moyenne | environ | revenus | chiffre d'affaires
ro: cheltuieli eligibile | medie | aproximativ | venit
hu: elszámolható költség | átlag | mintegy | jövedelem
bg: допустими разходи | средн | около | доход
sk: oprávnené výdavky | priemer | približne | príjem
cs: způsobilé výdaje | průměr | přibližně | příjem
pl: koszty kwalifikowalne | średni | około | dochód
es: gastos subvencionables | media | aproximadamente | ingresos | presupuesto elegible
it: spese ammissibili | media | circa | isee | reddito
el: επιλέξιμες δαπάνες | μέσ | περίπου | εισόδημα
sr: prihvatljivi troškovi | prosečn | oko= | prihod
mk: прифатливи трошоци | просечн | околу | приход
de: förderfähige kosten | durchschnitt | ungefähr | einkommen | umsatz
"""

PER_PROJECT = """
en: per project | per grant | per applicant | per beneficiary | per proposal | per organisation |
    per organization | per municipality | per network | per action | per partnership |
    of a project |
    per operation | per borrower | per request
fr: par projet | par bénéficiaire | par candidat | par structure | par commune | par dossier |
    par opération
ro: per proiect | pe proiect | pentru fiecare proiect | per beneficiar | unui proiect
hu: projektenként | pályázatonként | pályázónként
bg: на проект | за проект | на бенефициент | по проект
sk: na projekt | na jeden projekt | na žiadateľa
cs: na projekt | na jeden projekt | na žadatele
pl: na projekt | na jeden projekt | na wnioskodawcę
es: por proyecto | por entidad | por solicitante | por beneficiario
it: per progetto | per beneficiario | per ente
el: ανά έργο | ανά πρόταση | ανά δικαιούχο | ανά πράξη | κάθε πρότασης | κάθε έργου | πρότασης
sr: po projektu | по пројекту | po korisniku
mk: по проект | по корисник
de: pro projekt | je projekt | pro antrag
"""


def parse_cues(spec: str) -> dict[str, tuple[str, ...]]:
    """`lang: a | b` lines (continued on indented lines) -> {lang: folded cues}."""
    out: dict[str, list[str]] = {}
    language = ""
    for line in spec.strip().splitlines():
        head, sep, rest = line.partition(":")
        if sep and not line.startswith(" ") and len(head) <= 3:
            language, line = head.strip(), rest
        cues = [fold(cue.strip()) for cue in line.split("|") if cue.strip()]
        out.setdefault(language, []).extend(cues)
    return {lang: tuple(dict.fromkeys(cues)) for lang, cues in out.items()}


def compile_cues(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for `cues`; in a cue of several words, each word of four letters or more
    is a stem too ("τοπικ αυτοδιοικ" matches "τοπικής αυτοδιοίκησης", "local authorit"
    matches "local authorities"), short ones ("at", "de", "of") must match exactly."""
    parts = []
    for cue in sorted(set(cues), key=len, reverse=True):
        whole = cue.endswith("=")
        words = cue.rstrip("=").split()
        pieces = [re.escape(w) + (r"\w*" if len(w) >= 4 else "") for w in words[:-1]]
        body = r"\s+".join([*pieces, re.escape(words[-1])])
        parts.append(body + (r"(?!\w)" if whole else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


@cache
def cue_pattern(name: str) -> re.Pattern[str]:
    """One regex for a concept in all languages (calls mix languages; cues rarely clash)."""
    spec = globals()[name]
    every = tuple(cue for cues in parse_cues(spec).values() for cue in cues)
    return compile_cues(every)


def last_cue_end(pattern: re.Pattern[str], window: str) -> int:
    """Where the last cue of `window` ends, or -1 when it holds none."""
    end = -1
    for match in pattern.finditer(window):
        end = match.end()
    return end
