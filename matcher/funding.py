"""Funding type, and whether partners (from several countries) are required.

- Funding type: cue words of each type are counted, the title's weighing most (a call's
  title nearly always says "Call for tenders", "Prize", "Loans"); a type wins with enough
  weight, else the call is a `grant` (conventions section 3: grant unless something says
  otherwise). Words that only mention a type in passing ("grants may be blended with
  loans") weigh less than the first sentence's and the title's.
- Partnership / cross-border: phrases requiring "at least two partners", "a partnership of
  … is required", "partners from at least two countries", "transnational" …; the model's
  answer is used when no phrase decides (see service.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from matcher.cues import compile_cues, parse_cues
from matcher.text import clip, fold

FUNDING_TYPES = {
    "tender": """
en: call for tenders | tender | procurement | individual consultant | consultancy services |
    request for quotation | quotation | invitation to bid |
    request for proposals for services | contract notice | service contract | framework contract |
    tenderers | bidders | expressions of interest – consult | expressions of interest for consult |
    terms of reference | rfq | itb= | rfp= | purchase order
fr: appel d'offres | marché public | marchés publics | marché de | accord-cadre | soumissionnaire |
    cahier des charges | invitation à soumissionner | remise des offres | dossier de consultation
ro: licitați | achiziți | caiet de sarcini | ofertan | contract de servicii | cerere de ofert
hu: közbeszerzés | ajánlattételi | ajánlattev | beszerzés
bg: обществена поръчка | обществени поръчки | оферт | участници в процедурата | възложител
sk: verejné obstarávanie | verejného obstarávania | súťažné podklady | uchádzač | zákazk
cs: veřejná zakázka | veřejné zakázky | zadávací | uchazeč | dodavatel
pl: zamówienie publiczne | zamówienia publicznego | przetarg | wykonawc | zapytanie ofertowe
es: licitación | contratación | contrato de servicios | pliego | licitador
it: gara= | gara d'appalto | appalto | capitolato | operatori economici | procedura aperta
el: διαγωνισμ | προσφορών | σύμβαση παροχής | αναθέτουσα αρχή | διακήρυξη
sr: javna nabavka | javne nabavke | ponuđač | tender | јавна набавка | јавне набавке | понуђач |
    тендер
mk: јавна набавка | јавни набавки | тендер | понудувач
de: ausschreibung | vergabe | angebotsfrist | bieter | auftragnehmer | leistungsbeschreibung
""",
    "loan": """
en: loan | borrower | lending | credit line | framework loan | co-financing loan | concessional
fr: prêt | emprunteur | crédit
ro: împrumut | credit
hu: hitel | kölcsön
bg: заем | кредит
sk: úver | pôžičk
cs: úvěr | půjčk
pl: pożyczk | kredyt
es: préstamo | crédito
it: prestit | mutuo | mutui | finanziamento agevolato
el: δάνει | πίστωσ
sr: zajam | kredit | зајам | кредит
mk: заем | кредит
de: darlehen | kredit
""",
    "prize": """
en: prize | award | awards | contest | competition | laureate | winners | jury
fr: prix | concours | lauréat | distinction | jury | récompense
ro: premiu | premii | concurs | laureat | distincți
hu: díj | pályadíj | verseny | elismerés | kitüntetés
bg: награда | награди | конкурс за наград | отличи
sk: cena= | ceny= | ocenenie | laureát
cs: cena= | ceny= | ocenění | laureát
pl: nagroda | nagrody | konkurs na nagrod | wyróżnie
es: premio | premios | galardón | certamen
it: premio | premi= | riconoscimento
el: βραβεί | διαγωνισμός για | διάκριση
sr: nagrada | nagrade | награда | награде | konkurs za nagrad | конкурс за наград
mk: награда | награди
de: preis | auszeichnung | wettbewerb | preisträger
""",
    "technical-assistance": """
en: technical assistance | technical support | expert support | expert days | expert missions |
    advisory support | advisory services | capacity-building support | no grants are paid |
    support in kind | in-kind support | coaching | peer review | taiex | technical expertise |
    tailor-made expertise | help desk | project preparation support
fr: assistance technique | appui technique | accompagnement | expertise | soutien en nature |
    ateliers de renforcement | mission d'experts | appui-conseil
ro: asistență tehnică | sprijin tehnic | consultanță | expertiză | sprijin metodologic
hu: technikai segítség | szakmai támogatás | tanácsadás | szakértői támogatás
bg: техническа помощ | експертна помощ | консултантска | методическа подкрепа
sk: technická pomoc | odborná pomoc | poradenstvo | expertná podpora
cs: technická pomoc | odborná pomoc | poradenství | expertní podpora
pl: pomoc techniczna | wsparcie eksperckie | doradztwo | wsparcie doradcze
es: asistencia técnica | apoyo técnico | asesoramiento | acompañamiento
it: assistenza tecnica | supporto tecnico | affiancamento | accompagnamento
el: τεχνική βοήθεια | τεχνική υποστήριξη | συμβουλευτική
sr: tehnička pomoć | tehnička podrška | savetodavn | техничка помоћ | техничка подршка
mk: техничка помош | техничка поддршка | советодавн
de: technische hilfe | technische unterstützung | beratung | fachliche begleitung
""",
}
# Words that say money is given as a grant; they keep passing mentions from winning.
GRANT = """
en: grant | grants | subsidy | co-financing rate | lump sum | call for proposals
fr: subvention | appel à projets | cofinancement
ro: grant | finanțare nerambursabilă | apel de proiecte | cerere de proiecte
hu: támogatás | vissza nem térítendő | pályázati felhívás
bg: безвъзмездн | покана за представяне
sk: grant | nenávratn | dotáci | výzva na predkladanie
cs: grant | dotac | nenávratn
pl: dotacj | grant | dofinansowan | nabór wniosków
es: subvención | subvenciones | ayudas | convocatoria de ayudas
it: contribut | finanziamento a fondo perduto | bando | sovvenzion
el: επιχορήγησ | χρηματοδότηση
sr: grant | bespovratn | грант | бесповратн
mk: грант | грантови
de: zuschuss | förderung | zuwendung | förderaufruf
"""
PARTNERSHIP = """
en: at least two partners | at least three partners | at least one partner |
    at least two applicants |
    at least two organisations | at least three organisations | at least two entities |
    at least three entities | at least three independent | minimum three | minimum two |
    partnership is mandatory | partnership is compulsory | partnership is required |
    partnership with at least | is compulsory | consortium of at least | consortia of at least |
    must involve | must include at least | must be submitted by at least | in partnership with |
    jointly by | lead partner | partnership between | must partner | partnership of at least |
    co-applicants must | required partner | with at least one partner | forming a consortium |
    the consortium includes | consortium must | consortia must | independent from each other |
    at least two other | at least three legal | three legal entities | two legal entities
fr: au moins deux partenaires | au moins trois partenaires | au moins un partenaire |
    partenariat obligatoire | partenariat est obligatoire | en partenariat avec |
    partenariat d'au moins |
    consortium d'au moins | doit réunir | doit associer | doivent associer | est requis |
    chef de file |
    au moins trois entités | au moins deux entités | porté en partenariat
ro: cel puțin un partener | cel puțin doi parteneri | parteneriat obligatoriu | în parteneriat cu |
    parteneriatul este obligatoriu | partener lider | lider de parteneriat
hu: legalább egy partner | legalább két partner | partnerség kötelező | konzorcium |
    vezető partner |
    partnerségben | közösen nyújthat
bg: поне един партньор | поне двама партньори | задължително партньорство |
    партньорство е задължително |
    в партньорство с | водещ партньор
sk: aspoň jeden partner | najmenej jeden partner | najmenej dvaja | partnerstvo je povinné |
    v partnerstve s | vedúci partner
cs: alespoň jeden partner | nejméně jeden partner | alespoň dva | partnerství je povinné |
    v partnerství s | vedoucí partner
pl: co najmniej jeden partner | co najmniej dwóch | partnerstwo jest obowiązkowe |
    w partnerstwie z |
    partner wiodący | lider projektu
es: al menos un socio | al menos dos socios | agrupación | en colaboración con |
    partenariado obligatorio |
    socio principal | al menos dos entidades
it: almeno un partner | almeno due partner | partenariato obbligatorio | in partenariato con |
    capofila | partenariato di almeno | almeno tre partner
el: τουλάχιστον έναν εταίρο | τουλάχιστον δύο εταίρ | υποχρεωτικά τουλάχιστον | σύμπραξη |
    επικεφαλής εταίρος | κοινοπραξία
sr: najmanje jedan partner | najmanje dva partnera | partnerstvo je obavezno | u partnerstvu sa |
    vodeći partner | најмање један партнер | најмање два партнера | партнерство је обавезно |
    у партнерству са | водећи партнер
mk: најмалку еден партнер | најмалку два партнери | партнерството е задолжително |
    во партнерство со | водечки партнер
de: mindestens zwei partner | mindestens einen partner | mindestens ein partner | partnerschaft ist
    verpflichtend | in partnerschaft mit | kooperationspartner | lead partner | federführend |
    partner aus beiden
"""
CROSS_BORDER = """
en: from at least two | from at least three | from two different | from three different |
    from two countries | from three countries | different countries | different eligible countries |
    transnational | from each side | from both sides | from each member state | from each country |
    one partner from | cross-border partners | partners from both | from two participating |
    from the other member state | from the other side | two of which must |
    from at least two different |
    established in a different country | each established in a different | in different countries |
    different member states | different participating
fr: de trois pays différents | de deux pays différents | pays différents | transnational |
    de part et d'autre | un partenaire français et un partenaire | issus de trois | issus de deux |
    de chaque côté | d'au moins deux pays | d'au moins trois pays | trois états différents
ro: din ambele țări | din cel puțin două țări | din state diferite | transnațional |
    de pe ambele părți |
    din fiecare țară | un partener din | din românia și unul din
hu: mindkét ország | legalább két országból | különböző országokból | transznacionális |
    a határ mindkét oldal | romániai és egy magyarországi | egy magyarországi és egy
bg: от двете страни | от поне две държави | от различни държави | транснационал | от всяка страна |
    един партньор от
sk: z oboch strán | z oboch krajín | z najmenej dvoch krajín | z rôznych krajín | nadnárodn
cs: z obou stran | z obou zemí | z nejméně dvou zemí | z různých zemí | nadnárodní
pl: z dwóch krajów | z co najmniej dwóch krajów | z różnych krajów | ponadnarodow | z obu stron
es: de dos países | de al menos dos países | de países distintos | transnacional | de ambos lados
it: di due paesi | di almeno due paesi | paesi diversi | transnazional | da entrambi i lati |
    di cui uno
el: από δύο χώρες | από τουλάχιστον δύο χώρες | διαφορετικές χώρες | διακρατικ | από τη νορβηγία
sr: iz dve zemlje | iz najmanje dve zemlje | iz različitih zemalja | sa obe strane | iz obe zemlje |
    из две земље | из различитих земаља | са обе стране | по један партнер из
mk: од две земји | од најмалку две земји | од различни земји | од двете страни
de: aus beiden | aus mindestens zwei ländern | aus verschiedenen ländern | transnational |
    aus zwei ländern | grenzüberschreitende partner
"""


@dataclass(frozen=True)
class Decision:
    value: str | bool
    evidence: list[str]
    decided: bool  # False when no phrase said so and the value is the default


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    def every(spec: str) -> re.Pattern[str]:
        return compile_cues(tuple(c for cues in parse_cues(spec).values() for c in cues))

    out = {kind: every(spec) for kind, spec in FUNDING_TYPES.items()}
    out.update(grant=every(GRANT), partnership=every(PARTNERSHIP), cross=every(CROSS_BORDER))
    return out


def funding_type_scores(title: str, body: str) -> dict[str, float]:
    """Weight of each funding type's cues: title x3, first 300 characters x2, rest x1 (capped)."""
    patterns = _patterns()
    folded_title, folded_body = fold(title), fold(body)
    scores: dict[str, float] = {}
    for kind in (*FUNDING_TYPES, "grant"):
        pattern = patterns[kind]
        score = 3.0 * len(pattern.findall(folded_title))
        for match in pattern.finditer(folded_body):
            score += 2.0 if match.start() < 300 else 1.0
        scores[kind] = min(score, 8.0)
    return scores


def extract_funding_type(title: str, body: str) -> Decision:
    scores = funding_type_scores(title, body)
    best = max(FUNDING_TYPES, key=lambda kind: scores[kind])
    if scores[best] >= 3.0 and scores[best] > scores["grant"]:
        return Decision(best, _first_span(best, title, body), True)
    span = _first_span("grant", title, body)
    return Decision("grant", span or [title[:200].strip()] if title else ["field:title"], False)


def _first_span(kind: str, title: str, body: str) -> list[str]:
    pattern = _patterns()[kind]
    for text in (title, body):
        match = pattern.search(fold(text))
        if match:
            return [clip(text, match.start(), match.end())]
    return []


def extract_partnership(title: str, body: str) -> Decision:
    """True when a phrase requires partners (the model decides when none does)."""
    span = _first_span("partnership", title, body) or _first_span("cross", title, body)
    return Decision(bool(span), span, bool(span))


def extract_cross_border(title: str, body: str) -> Decision:
    span = _first_span("cross", title, body)
    return Decision(bool(span), span, bool(span))
