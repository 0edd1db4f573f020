"""The demo region's data: Pohjois-Savo's towns and organisations, the professionals who work
there, and the client situations the loader plays through the loop (`loader.py`).

All people are invented. Texts are what professionals and clients would write, in Finnish and
Swedish.
"""

from dataclasses import dataclass

from moti.access.models import Capability, RoleKind
from moti.core.models import NeedDomain, Register
from moti.directory.models import Organisation
from moti.teams.models import Concern, Team, TeamMember

PASSWORD = "moti-demo-2026"
SEED = 2026
D = NeedDomain

# --- The region ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Town:
    postal_codes: tuple[str, ...]
    streets: tuple[str, ...]
    latitude: float
    longitude: float
    region: str  # the coordinators who serve it


TOWNS = {
    "Kuopio": Town(("70100", "70110", "70300", "70500", "70600", "70780", "70820"),
                   ("Kauppakatu", "Puijonkatu", "Minna Canthin katu", "Haapaniemenkatu",
                    "Maljalahdenkatu", "Suokatu", "Vuorikatu", "Neulamäentie", "Petosentie"),
                   62.8924, 27.6783, "kuopio"),
    "Nilsiä": Town(("73300",), ("Kirkkotie", "Koulutie", "Nilsiäntie", "Rantatie", "Mäkitie"),
                   63.2050, 28.0800, "kuopio"),
    "Juankoski": Town(("73500",), ("Ruukintie", "Koulutie", "Asematie", "Kaavintie"),
                      63.0610, 28.3500, "kuopio"),
    "Maaninka": Town(("71750",), ("Maaningantie", "Kirkkotie", "Opintie", "Haatalantie"),
                     63.1540, 27.3000, "kuopio"),
    "Siilinjärvi": Town(("71800",), ("Kasurilantie", "Risulantie", "Kuuslahdentie",
                                     "Harjamäentie", "Toivalantie"),
                        63.0750, 27.6600, "kuopio"),
    "Varkaus": Town(("78200", "78250", "78300"), ("Ahlströminkatu", "Relanderinkatu",
                                                   "Pirnankatu", "Savontie", "Wredenkatu"),
                    62.3150, 27.8730, "varkaus"),
    # A small town south of Varkaus: its clients are served by the Varkaus coordinators.
    "Joroinen": Town(("79600",), ("Kauppatie", "Asematie", "Koulutie", "Kirkkotie",
                                  "Varkaudentie"),
                     62.1790, 27.8280, "varkaus"),
}
# Where clients live: Kuopio most, then the smaller towns.
TOWN_WEIGHTS = {"Kuopio": 12, "Siilinjärvi": 3, "Varkaus": 4, "Joroinen": 2, "Nilsiä": 3,
                "Juankoski": 2, "Maaninka": 2}

K = Organisation.Kind
R = Register
# key: (name, kind, register, part of (key), units as key: (name, town, street address)).
# Made in this order through `organisation_create`: a part's data controller is the root of its
# chain, so the county's parts share one controller (with a social and a health register) and
# every other organisation is a controller of its own.
ORGANISATIONS = {
    "county": ("Pohjois-Savon hyvinvointialue", K.COUNTY, R.OTHER, None, {}),
    "social": ("Pohjois-Savon hyvinvointialue, aikuissosiaalityö", K.COUNTY, R.SOCIAL, "county", {
        "kuopio": ("Aikuissosiaalityö Kuopio", "Kuopio", "Tulliportinkatu 37"),
        "siilinjarvi": ("Aikuissosiaalityö Siilinjärvi", "Siilinjärvi", "Kasurilantie 1"),
        "nilsia": ("Sosiaalipalvelut Nilsiä ja Juankoski", "Nilsiä", "Nilsiäntie 57"),
        "varkaus": ("Aikuissosiaalityö Varkaus", "Varkaus", "Relanderinkatu 3"),
    }),
    "health": ("Pohjois-Savon hyvinvointialue, terveysasemat", K.COUNTY, R.HEALTH, "county", {
        "kuopio": ("Kuopion keskustan terveysasema", "Kuopio", "Tulliportinkatu 35"),
        "nilsia": ("Nilsiän terveysasema", "Nilsiä", "Sairaalantie 2"),
        "juankoski": ("Juankosken terveysasema", "Juankoski", "Koulutie 6"),
        "maaninka": ("Maaningan terveysasema", "Maaninka", "Kirkkotie 5"),
        "siilinjarvi": ("Siilinjärven terveysasema", "Siilinjärvi", "Risulantie 3"),
        "varkaus": ("Varkauden terveysasema", "Varkaus", "Savontie 55"),
    }),
    "mtp": ("Pohjois-Savon hyvinvointialue, mielenterveys- ja päihdepalvelut", K.COUNTY,
            R.HEALTH, "county", {
                "kuopio": ("Mielenterveys- ja päihdepalvelut Kuopio", "Kuopio", "Puijonkatu 16"),
                "varkaus": ("Mielenterveys- ja päihdepalvelut Varkaus", "Varkaus",
                            "Ahlströminkatu 12"),
            }),
    "admin": ("Pohjois-Savon hyvinvointialue, hallinto ja tietosuoja", K.COUNTY, R.OTHER,
              "county", {
                  "kuopio": ("Tietosuoja", "Kuopio", "Minna Canthin katu 22"),
                  "access": ("Käyttöoikeushallinto", "Kuopio", "Minna Canthin katu 22"),
              }),
    "emp_kuopio": ("Kuopion seudun työllisyyspalvelut", K.EMPLOYMENT, R.OTHER, None, {
        "kuopio": ("Työllisyyspalvelut Kuopio", "Kuopio", "Kauppakatu 40"),
    }),
    "emp_varkaus": ("Varkauden seudun työllisyyspalvelut", K.EMPLOYMENT, R.OTHER, None, {
        "varkaus": ("Työllisyyspalvelut Varkaus", "Varkaus", "Kauppakatu 6"),
    }),
    "kela": ("Kela Kuopio", K.KELA, R.OTHER, None, {
        "kuopio": ("Kelan palvelupiste Kuopio", "Kuopio", "Kauppakatu 42"),
    }),
    "police": ("Itä-Suomen poliisilaitos", K.POLICE, R.OTHER, None, {
        "kuopio": ("Kuopion pääpoliisiasema", "Kuopio", "Asemakatu 1"),
        "varkaus": ("Varkauden poliisiasema", "Varkaus", "Relanderinkatu 11"),
    }),
    # A state legal aid office: neither a county nor an NGO.
    "debt": ("Itä-Suomen oikeusaputoimisto, talous- ja velkaneuvonta", K.OTHER, R.OTHER, None, {
        "kuopio": ("Talous- ja velkaneuvonta Kuopio", "Kuopio", "Kauppakatu 28"),
        "varkaus": ("Talous- ja velkaneuvonta Varkaus", "Varkaus", "Ahlströminkatu 6"),
    }),
    "ngo1": ("Kallaveden Kohtaamo ry (demo)", K.NGO, R.OTHER, None, {
        "kuopio": ("Olohuone Kohtaamo", "Kuopio", "Suokatu 22"),
    }),
    "ngo2": ("Savon Polku ry (demo)", K.NGO, R.OTHER, None, {
        "varkaus": ("Päiväkeskus Polku", "Varkaus", "Pirnankatu 4"),
    }),
    # Experience experts as in the Varkaus MOTI model: trained, of an association of their own,
    # members of the teams like any professional.
    "experts": ("Itä-Savon kokemusasiantuntijat ry (demo)", K.NGO, R.OTHER, None, {
        "varkaus": ("Kokemusasiantuntijatoiminta Varkaus", "Varkaus", "Kauppakatu 25"),
    }),
}
EMAIL_DOMAINS = {"social": "hyvinvointialue.example", "health": "hyvinvointialue.example",
                 "mtp": "hyvinvointialue.example", "admin": "hyvinvointialue.example",
                 "emp_kuopio": "tyollisyys.example", "emp_varkaus": "tyollisyys.example",
                 "kela": "kela.example", "police": "poliisi.example",
                 "debt": "oikeus.example", "ngo1": "kohtaamo.example", "ngo2": "polku.example",
                 "experts": "kokemusasiantuntijat.example"}

# --- Access roles ----------------------------------------------------------------------------
# Each data controller defines its roles (Act 703/2023); the demo grants them as a county
# would. Only the county's social and health care professionals look up identity codes, add
# clients, break the glass and lead a team; the others record consents for their own records.
C = Capability
RK = RoleKind
COUNTY_CLIENT_WORK = tuple(c for c in C.values if c != C.EMERGENCY_ALL_REGISTERS)
AUTHORITY = (C.RECORD_CONSENT, C.RECORD_LEGAL_BASIS, C.SET_DISCLOSURE_BAN)
# controller (its organisation's key): (name, kind, capabilities) for each role it defines
ACCESS_ROLES = {
    "county": (
        ("Sosiaali- ja terveydenhuollon ammattilainen", RK.PROFESSIONAL, COUNTY_CLIENT_WORK),
        ("Asiakaskoordinaattori", RK.COORDINATOR, COUNTY_CLIENT_WORK),
        ("Esihenkilö", RK.MANAGER, ()),
        ("Tietosuojavastaava", RK.DPO, ()),
        ("Käyttöoikeuksien pääkäyttäjä", RK.ACCESS_ADMIN, ()),
        ("Palvelutietojen ylläpitäjä", RK.DIRECTORY_MAINTAINER, ()),
    ),
    "kela": (("Kelan asiantuntija", RK.PROFESSIONAL, AUTHORITY),),
    "emp_kuopio": (("Työllisyyspalvelujen asiantuntija", RK.PROFESSIONAL, AUTHORITY),),
    "emp_varkaus": (("Työllisyyspalvelujen asiantuntija", RK.PROFESSIONAL, AUTHORITY),),
    "debt": (("Talous- ja velkaneuvonnan asiantuntija", RK.PROFESSIONAL, AUTHORITY),),
    # The police: no lookups, no emergency access, never the lead.
    "police": (("Poliisi, monialainen yhteistyö", RK.PROFESSIONAL,
                (C.RECORD_CONSENT, C.RECORD_LEGAL_BASIS)),),
    "ngo1": (("Järjestötyöntekijä", RK.PROFESSIONAL, (C.RECORD_CONSENT,)),),
    "ngo2": (("Järjestötyöntekijä", RK.PROFESSIONAL, (C.RECORD_CONSENT,)),),
    "experts": (("Kokemusasiantuntija", RK.PROFESSIONAL, (C.RECORD_CONSENT,)),),
}

# --- Names -----------------------------------------------------------------------------------
# Faker has no sv_FI, and its sv_SE names are Sweden's: Finland-Swedish names are listed here
# and picked with the loader's seeded generator.
SV_FIRST_FEMALE = ("Mikaela", "Annika", "Linnea", "Ulla", "Camilla", "Johanna", "Ebba",
                   "Solveig", "Kristina", "Ann-Christin", "Matilda", "Pia", "Marina", "Ingrid",
                   "Elin", "Heidi", "Sara", "Birgitta")
SV_FIRST_MALE = ("Jonas", "Fredrik", "Kaj", "Sixten", "Mikael", "Henrik", "Johan", "Anders",
                 "Stefan", "Niklas", "Patrik", "Rasmus", "Christer", "Göran", "Ragnar", "Tom",
                 "Max", "Boris")
SV_LAST = ("Nyström", "Lindqvist", "Holmberg", "Sundström", "Grönroos", "Westerlund",
           "Åkerblom", "Björklund", "Eklund", "Forsman", "Lindroos", "Sjöberg", "Blomqvist",
           "Nordström", "Strandberg", "Fagerström", "Granqvist", "Lönnqvist", "Söderholm",
           "Wikström", "Backman", "Lindholm", "Enqvist", "Sandström", "Hägglund", "Wasström")


@dataclass(frozen=True)
class KeyUser:
    username: str
    first_name: str
    last_name: str
    title: str
    roles: tuple[str, ...]  # kinds of their controller's roles (a coordinator is also a
    org: str                # professional)
    unit: str
    who: str


# The memorable logins the command prints; the other professionals log in as first.last.
KEY_USERS = (
    KeyUser("koordinaattori", "Riikka", "Heikkinen", "asiakaskoordinaattori", (RK.COORDINATOR,),
            "social", "kuopio", "client coordinator, adult social work, Kuopio: "
            "coordinates many teams"),
    KeyUser("sosiaalityontekija", "Jussi", "Tikkanen", "sosiaalityöntekijä", (RK.PROFESSIONAL,),
            "social", "kuopio", "social worker, Kuopio: lead worker in several teams"),
    KeyUser("terveydenhoitaja", "Anne", "Ruotsalainen", "terveydenhoitaja", (RK.PROFESSIONAL,),
            "health", "nilsia", "public health nurse, Nilsiä health centre"),
    KeyUser("tyollisyys", "Marko", "Partanen", "työllisyysasiantuntija", (RK.PROFESSIONAL,),
            "emp_kuopio", "kuopio", "employment specialist, Kuopion seudun työllisyyspalvelut"),
    KeyUser("jarjesto", "Satu", "Lappalainen", "järjestötyöntekijä", (RK.PROFESSIONAL,),
            "ngo1", "kuopio", "NGO worker, Kallaveden Kohtaamo ry"),
    KeyUser("tietosuoja", "Heli", "Kärkkäinen", "tietosuojavastaava", (RK.DPO,),
            "admin", "kuopio", "data protection officer: log review, emergency-access "
            "review, log reports (member of no team; adds no clients)"),
    KeyUser("kayttooikeudet", "Tuomas", "Hyvönen", "käyttöoikeuksien pääkäyttäjä",
            (RK.ACCESS_ADMIN, RK.DIRECTORY_MAINTAINER), "admin", "access",
            "access administrator of the county: its roles and who holds them; keeps the "
            "directory up to date (member of no team)"),
)

# (organisation, unit, title, role kind, languages, Finland-Swedish name)
STAFF = (
    ("social", "kuopio", "asiakaskoordinaattori", RK.COORDINATOR, "fi,sv", True),
    ("social", "varkaus", "asiakaskoordinaattori", RK.COORDINATOR, "fi", False),
    ("social", "siilinjarvi", "sosiaalityöntekijä", RK.PROFESSIONAL, "fi", False),
    ("social", "varkaus", "sosiaalityöntekijä", RK.PROFESSIONAL, "fi,sv", False),
    ("social", "nilsia", "sosiaalityöntekijä", RK.PROFESSIONAL, "fi", False),
    ("social", "kuopio", "sosiaaliohjaaja", RK.PROFESSIONAL, "fi", False),
    ("social", "nilsia", "sosiaaliohjaaja", RK.PROFESSIONAL, "fi", False),
    ("social", "varkaus", "sosiaaliohjaaja", RK.PROFESSIONAL, "fi", False),
    ("social", "kuopio", "johtava sosiaalityöntekijä", RK.MANAGER, "fi", False),
    ("health", "siilinjarvi", "asiakaskoordinaattori", RK.COORDINATOR, "fi", False),
    ("health", "varkaus", "asiakaskoordinaattori", RK.COORDINATOR, "fi", False),
    ("health", "kuopio", "terveydenhoitaja", RK.PROFESSIONAL, "fi", False),
    ("health", "kuopio", "yleislääkäri", RK.PROFESSIONAL, "fi,sv", False),
    ("health", "juankoski", "sairaanhoitaja", RK.PROFESSIONAL, "fi", False),
    ("health", "maaninka", "sairaanhoitaja", RK.PROFESSIONAL, "fi", False),
    ("health", "siilinjarvi", "terveydenhoitaja", RK.PROFESSIONAL, "fi", False),
    ("health", "varkaus", "sairaanhoitaja", RK.PROFESSIONAL, "fi,sv", True),
    ("health", "varkaus", "yleislääkäri", RK.PROFESSIONAL, "fi", False),
    ("health", "nilsia", "yleislääkäri", RK.PROFESSIONAL, "fi", False),
    ("mtp", "kuopio", "psykiatrinen sairaanhoitaja", RK.PROFESSIONAL, "fi", False),
    ("mtp", "kuopio", "psykiatrinen sairaanhoitaja", RK.PROFESSIONAL, "fi,sv", False),
    ("mtp", "kuopio", "päihdetyöntekijä", RK.PROFESSIONAL, "fi", False),
    ("mtp", "kuopio", "psykologi", RK.PROFESSIONAL, "fi", False),
    ("mtp", "varkaus", "psykiatrinen sairaanhoitaja", RK.PROFESSIONAL, "fi", False),
    ("mtp", "varkaus", "päihdetyöntekijä", RK.PROFESSIONAL, "fi", False),
    ("emp_kuopio", "kuopio", "työkykykoordinaattori", RK.PROFESSIONAL, "fi", False),
    ("emp_varkaus", "varkaus", "työllisyysasiantuntija", RK.PROFESSIONAL, "fi", False),
    ("kela", "kuopio", "Kela-virkailija", RK.PROFESSIONAL, "fi", False),
    ("kela", "kuopio", "Kela-virkailija", RK.PROFESSIONAL, "fi,sv", True),
    ("police", "kuopio", "ennalta estävän toiminnan poliisi", RK.PROFESSIONAL, "fi", False),
    ("police", "varkaus", "vanhempi konstaapeli", RK.PROFESSIONAL, "fi", False),
    ("debt", "kuopio", "talous- ja velkaneuvoja", RK.PROFESSIONAL, "fi", False),
    ("debt", "varkaus", "talous- ja velkaneuvoja", RK.PROFESSIONAL, "fi", False),
    ("ngo1", "kuopio", "vertaistukikoordinaattori", RK.PROFESSIONAL, "fi", False),
    ("ngo2", "varkaus", "järjestötyöntekijä", RK.PROFESSIONAL, "fi,sv", False),
    ("experts", "varkaus", "kokemusasiantuntija", RK.PROFESSIONAL, "fi", False),
)
# The association's experience expert joins the Varkaus area's teams on these needs.
EXPERT_DOMAINS = (NeedDomain.SUBSTANCE, NeedDomain.MENTAL_HEALTH, NeedDomain.LONELINESS)

# Who is asked to join for each need domain, in the client's area.
POLICE = ("ennalta estävän toiminnan poliisi", "vanhempi konstaapeli")
DOMAIN_TITLES = {
    D.HEALTH: ("yleislääkäri", "sairaanhoitaja", "terveydenhoitaja"),
    D.MENTAL_HEALTH: ("psykiatrinen sairaanhoitaja", "psykologi"),
    D.SUBSTANCE: ("päihdetyöntekijä",),
    D.HOUSING: ("sosiaaliohjaaja",),
    D.INCOME: ("talous- ja velkaneuvoja", "Kela-virkailija"),
    D.WORK: ("työllisyysasiantuntija", "työkykykoordinaattori"),
    D.DAILY_LIVING: ("sosiaaliohjaaja",),
    D.FAMILY: ("sosiaalityöntekijä",),
    D.LONELINESS: ("järjestötyöntekijä", "vertaistukikoordinaattori"),
    D.SAFETY: POLICE,
    D.LEGAL: ("sosiaalityöntekijä",),
    D.ACCESS: ("sosiaaliohjaaja", "Kela-virkailija"),
}
# Titles that can stand in for each other when the exact one is not on the team.
SIMILAR = {
    "ennalta estävän toiminnan poliisi": POLICE,
    "järjestötyöntekijä": ("järjestötyöntekijä", "vertaistukikoordinaattori"),
    "sairaanhoitaja": ("sairaanhoitaja", "terveydenhoitaja"),
    "terveydenhoitaja": ("terveydenhoitaja", "sairaanhoitaja"),
    "työllisyysasiantuntija": ("työllisyysasiantuntija", "työkykykoordinaattori"),
}
ROLES = {
    "asiakaskoordinaattori": "Koordinaattori: kutsuu tiimin koolle, pitää suunnitelman ajan "
                             "tasalla ja seuraa sovittuja asioita.",
    "sosiaalityöntekijä": "Sosiaalihuollon palvelut, toimeentulotuki ja kokonaistilanteen arvio.",
    "sosiaaliohjaaja": "Arjen tuki, asumisen ja asioinnin ohjaus.",
    "terveydenhoitaja": "Terveydentilan seuranta ja terveysaseman palvelut.",
    "sairaanhoitaja": "Hoidon ja lääkityksen seuranta terveysasemalla.",
    "yleislääkäri": "Terveydentilan ja työkyvyn arvio, lausunnot.",
    "psykiatrinen sairaanhoitaja": "Mielenterveyden hoito ja arvio, hoitokontakti.",
    "psykologi": "Psykologinen arvio ja keskusteluhoito.",
    "päihdetyöntekijä": "Päihde- ja riippuvuustyö, hoitoon ohjaus.",
    "työllisyysasiantuntija": "Työnhaku, työkokeilu, koulutus ja palkkatuki.",
    "työkykykoordinaattori": "Työkyvyn tuki ja ammatillisen kuntoutuksen selvitys.",
    "Kela-virkailija": "Kelan etuudet: asumistuki, perustoimeentulotuki, kuntoutus ja "
                       "sairauspäiväraha.",
    "ennalta estävän toiminnan poliisi": "Ennalta estävä poliisityö; kertoo, mitä poliisi voi "
                                         "ja ei voi tehdä.",
    "vanhempi konstaapeli": "Poliisin yhteyshenkilö; kertoo, mitä poliisi voi ja ei voi tehdä.",
    "talous- ja velkaneuvoja": "Talous- ja velkaneuvonta, maksusuunnitelmat ja velkajärjestely.",
    "järjestötyöntekijä": "Järjestön päivätoiminta ja vertaistuki, arjen seura.",
    "vertaistukikoordinaattori": "Vertaistukiryhmät ja vapaaehtoiset.",
    "kokemusasiantuntija": "Kokemusasiantuntija, Itä-Savon kokemusasiantuntijat ry: kertoo "
                           "omasta kokemuksestaan ja kulkee asiakkaan rinnalla tapaamisissa.",
}

GUEST_ROLES = {
    TeamMember.Kind.NGO: "Järjestön edustaja: vertaistuki ja seura arjessa.",
    TeamMember.Kind.EXPERIENCE_EXPERT: "Kokemusasiantuntija: kertoo omasta kokemuksestaan ja "
                                       "tukee asiakasta tapaamisissa.",
}

# --- Client situations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One kind of client situation: the concern, the client's story, goals and actions."""

    domains: tuple[str, ...]
    urgency: str
    raisers: tuple[str, ...]  # titles of who typically raises the concern
    concern: str
    story: str
    goals: tuple[str, ...]
    actions: tuple[tuple[int, str, str], ...]  # (goal index, owner's title, text)
    client_view: str
    dissent: str = ""
    gender: str = ""  # "f", "m" or either
    ages: tuple[int, int] = (25, 64)
    towns: tuple[str, ...] = ()
    support: str = ""  # the client's own support person, by relation
    guest: tuple[str, str] | None = None  # a member without an account: (kind, relation)
    language: str = "fi"


U = Concern.Urgency
CASES = (
    Case((D.WORK, D.SUBSTANCE, D.INCOME), U.NORMAL, ("työllisyysasiantuntija",),
         "Pitkään työttömänä ollut asiakas on jättänyt kolme sovittua tapaamista väliin. "
         "Kertoi puhelimessa, että alkoholia kuluu arkisinkin ja vuokrarästejä on kertynyt.",
         "Olin varastolla töissä kaksitoista vuotta, kunnes firma lopetti. Sen jälkeen päivät "
         "ovat venyneet ja pullo on ollut liian lähellä. En tiedä, mistä aloittaa.",
         ("Haluan päästä takaisin töihin, vaikka aluksi osa-aikaisesti.",
          "Haluan saada vuokrarästit maksusuunnitelmaan.",
          "Haluan juoda vähemmän, varsinkin arkisin."),
         ((0, "työllisyysasiantuntija", "Selvitetään työkokeilupaikka varastoalalta ja "
                                        "palkkatuen mahdollisuus."),
          (1, "talous- ja velkaneuvoja", "Maksusuunnitelma vuokranantajalle ja asumistuen "
                                         "tarkistus."),
          (2, "päihdetyöntekijä", "Lyhyt päihdeinterventio: neljä tapaamista kahden viikon "
                                  "välein.")),
         "Oli helpompi puhua, kun kaikki olivat samassa paikassa.", gender="m", ages=(40, 62)),
    Case((D.HEALTH, D.DAILY_LIVING, D.LONELINESS), U.HIGH, ("terveydenhoitaja", "sairaanhoitaja"),
         "Yksin asuva iäkäs asiakas on kaatunut kotona kahdesti kuukauden aikana. Lääkkeet ovat "
         "sekaisin ja jääkaappi oli kotikäynnillä tyhjä. Lapset asuvat etelässä.",
         "Pärjään kyllä, kunhan jalat kestävät. Illat ovat pitkiä, kun ei ole ketään, kenelle "
         "puhua. En halua vielä mihinkään laitokseen.",
         ("Haluan asua kotona niin kauan kuin mahdollista.",
          "Haluan, että joku käy juttelemassa edes kerran viikossa."),
         ((0, "sairaanhoitaja", "Lääkityksen tarkistus ja annosjakelu apteekista."),
          (0, "sosiaaliohjaaja", "Palvelutarpeen arvio: turvaranneke ja ateriapalvelu."),
          (1, "järjestötyöntekijä", "Ystävätoiminnan vapaaehtoinen vierailemaan kerran "
                                    "viikossa.")),
         "Kotona haluan olla. Ystävä kävisi hyvin.",
         dissent="Tytär toivoo tehostettua palveluasumista; asiakas itse ei. Asiakkaan toive "
                 "kotona asumisesta on suunnitelman lähtökohta, ja tilanne arvioidaan "
                 "uudelleen seuraavassa tapaamisessa.",
         ages=(76, 89), towns=("Nilsiä",), support="tytär",
         guest=("ngo", "vapaaehtoinen ystävä, Kallaveden Kohtaamo ry (demo)")),
    Case((D.FAMILY, D.MENTAL_HEALTH, D.INCOME), U.NORMAL, ("sosiaaliohjaaja",),
         "Yksinhuoltaja kertoo olevansa uupunut. Koulusta on otettu yhteyttä lapsen "
         "poissaoloista, ja sähkölasku on mennyt perintään.",
         "Teen kaiken yksin. Aamuisin en jaksa nousta, ja silloin lapsikin jää kotiin. En halua, "
         "että kukaan ajattelee, etten välitä.",
         ("Haluan jaksaa arjessa niin, että lapsi pääsee kouluun joka aamu.",
          "Haluan saada laskut hoidettua ajallaan."),
         ((0, "psykiatrinen sairaanhoitaja", "Uupumuksen arvio ja keskusteluapu, ensimmäinen "
                                             "aika kahden viikon sisällä."),
          (0, "sosiaaliohjaaja", "Perhetyön kotikäynnit aamuisin kahdesti viikossa."),
          (1, "Kela-virkailija", "Yleisen asumistuen ja elatustuen tarkistus.")),
         "Tarvitsen apua aamuihin, en arvostelua.", ages=(27, 45)),
    Case((D.WORK, D.LONELINESS, D.MENTAL_HEALTH), U.LOW, ("työllisyysasiantuntija",
                                                         "järjestötyöntekijä"),
         "Nuori aikuinen keskeytti ammattikoulun keväällä eikä ole hakenut uutta "
         "opiskelupaikkaa. Valvoo öisin ja on vetäytynyt kavereista.",
         "Koulu ei tuntunut omalta. Nykyään pelaan yöt ja nukun päivät. Joskus mietin, onko "
         "minusta mihinkään.",
         ("Haluan löytää alan, joka kiinnostaa.", "Haluan saada unirytmin kuntoon.",
          "Haluan tavata muita samanikäisiä."),
         ((0, "työllisyysasiantuntija", "Käynti Ohjaamossa ja tutustuminen kahteen "
                                        "koulutusalaan."),
          (1, "terveydenhoitaja", "Unen ja mielialan kartoitus terveysasemalla."),
          (2, "järjestötyöntekijä", "Mukaan nuorten pelikerhoon torstaisin.")),
         "Ihan hyvä, että joku kysyi, mitä minä haluan.", ages=(18, 24), support="äiti"),
    Case((D.SAFETY, D.FAMILY, D.HOUSING), U.ACUTE, POLICE,
         "Kotihälytys perheväkivaltaepäilyn vuoksi. Asiakas haluaa muuttaa lapsen kanssa pois "
         "yhteisestä asunnosta ja tarvitsee turvallisen asunnon. Turvakielto on haettu.",
         "Olen pelännyt jo pitkään. Nyt haluan, että lapsella on rauhallinen koti. En tiedä, "
         "miten pärjään rahallisesti yksin.",
         ("Haluan turvallisen kodin minulle ja lapselle.",
          "Haluan ymmärtää, mitä oikeudessa tapahtuu."),
         ((0, "sosiaalityöntekijä", "Turvakotijakso ja kiireellinen asunnonhaku."),
          (0, "ennalta estävän toiminnan poliisi", "Lähestymiskiellon hakemisen ohjeet ja "
                                                   "nimetty yhteyshenkilö poliisissa."),
          (1, "sosiaalityöntekijä", "Ohjaus oikeusaputoimistoon huoltajuusasiassa.")),
         "Tärkeintä on, ettei osoitettani kerrota kenellekään.", gender="f", ages=(24, 45)),
    Case((D.HOUSING, D.SUBSTANCE, D.LEGAL), U.HIGH, ("sosiaalityöntekijä",),
         "Asiakas vapautuu vankilasta kolmen viikon päästä eikä hänellä ole asuntoa. Aiemmin "
         "vapautumisen jälkeen hän on palannut päihteiden käyttöön nopeasti.",
         "Viimeksi kun pääsin ulos, ei ollut mitään paikkaa, mihin mennä. Kaverit olivat ainoat, "
         "ja heidän kanssaan se sitten lähti taas. Nyt haluaisin tehdä toisin.",
         ("Haluan asunnon heti vapautumispäivästä.", "Haluan pysyä erossa aineista."),
         ((0, "sosiaalityöntekijä", "Tukiasunnon varaus vapautumispäivälle."),
          (1, "päihdetyöntekijä", "Korvaushoidon jatkuvuus ja ensimmäinen aika heti "
                                  "vapautumisen jälkeen."),
          (0, "Kela-virkailija", "Toimeentulotuen ja asumistuen hakemukset valmiiksi ennen "
                                 "vapautumista.")),
         "Uskon tähän, jos asunto on valmiina.", gender="m", ages=(25, 50),
         guest=("experience_expert", "kokemusasiantuntija, vapautuvien vertaistuki")),
    Case((D.MENTAL_HEALTH, D.WORK, D.INCOME), U.NORMAL, ("yleislääkäri",),
         "Masennuksen vuoksi pitkään sairauslomalla olleen asiakkaan sairauspäivärahan "
         "enimmäisaika täyttyy kuukauden päästä. Työkyky on epäselvä eikä jatkosta ole "
         "suunnitelmaa.",
         "Pelkään, että putoan tyhjän päälle, kun sairauspäiväraha loppuu. Haluaisin takaisin "
         "töihin, mutta en vielä täysipäiväisesti.",
         ("Haluan palata työhön osa-aikaisesti.", "Haluan, että toimeentulo ei katkea."),
         ((0, "työkykykoordinaattori", "Työkokeilu omalla työpaikalla yhdessä "
                                       "työterveyshuollon kanssa."),
          (1, "Kela-virkailija", "Kuntoutustuen tai osasairauspäivärahan hakeminen ennen "
                                 "enimmäisajan täyttymistä."),
          (0, "yleislääkäri", "B-lausunto ja työkyvyn arvio.")),
         "Helpotti kuulla, että raha ei katkea, jos hakemukset tehdään ajoissa.",
         ages=(35, 60)),
    Case((D.ACCESS, D.INCOME, D.DAILY_LIVING), U.LOW, ("Kela-virkailija",),
         "Asiakkaalla ei ole verkkopankkitunnuksia eikä älypuhelinta. Kelan ja "
         "työllisyyspalvelujen asiointi on jäänyt kesken, koska palvelupisteessä ohjataan "
         "verkkoon.",
         "Kaikki pitäisi nykyään tehdä koneella. Minulla on vain tavallinen puhelin. Bussi "
         "kirkolle kulkee kaksi kertaa päivässä.",
         ("Haluan hoitaa asiani jonkun kanssa kasvokkain.",
          "Haluan oppia käyttämään edes sähköpostia."),
         ((0, "Kela-virkailija", "Ajanvaraus palvelupisteeseen ja paperihakemukset postitse."),
          (1, "järjestötyöntekijä", "Digituen opastus kirjastolla kerran viikossa."),
          (0, "sosiaaliohjaaja", "Asiointiliikenteen ja Kela-taksin käytön opastus.")),
         "Kasvokkain asiointi on minulle tärkeää.", ages=(60, 80),
         towns=("Juankoski", "Maaninka", "Nilsiä"),
         guest=("ngo", "digitukihenkilö, Juankosken kyläyhdistys (demo)")),
    Case((D.HEALTH, D.HOUSING, D.INCOME), U.HIGH, ("sairaanhoitaja", "terveydenhoitaja"),
         "Diabetes on huonossa hoitotasapainossa ja asiakas jättää kontrollikäyntejä väliin. "
         "Kertoi saaneensa häätöuhan vuokrarästien vuoksi.",
         "Kun rahat eivät riitä, ostan halvinta ruokaa ja insuliini unohtuu. Nyt vuokranantaja "
         "uhkaa häädöllä, enkä saa nukuttua.",
         ("Haluan pitää asuntoni.", "Haluan, että sokerit pysyvät kurissa."),
         ((0, "sosiaalityöntekijä", "Ehkäisevä toimeentulotuki vuokrarästeihin ja neuvottelu "
                                    "vuokranantajan kanssa."),
          (1, "sairaanhoitaja", "Diabeteshoitajan vastaanotto kahden viikon välein kolmen "
                                "kuukauden ajan."),
          (0, "talous- ja velkaneuvoja", "Kuukausibudjetti yhdessä asiakkaan kanssa.")),
         "Asunto ensin, sitten jaksan hoitaa sokereita.", ages=(40, 70)),
    Case((D.SUBSTANCE, D.INCOME, D.FAMILY), U.NORMAL, ("talous- ja velkaneuvoja",),
         "Rahapelivelkoja on kertynyt noin 40 000 euroa. Puoliso ei tiedä velkojen koko "
         "määrää. Asiakas pyysi itse apua myös pelaamisen lopettamiseen.",
         "Aloitin pelaamisen yövuoroissa, ja voitot tuntuivat ensin ratkaisulta. Nyt valehtelen "
         "puolisolleni joka päivä. Haluan kertoa hänelle, mutta en yksin.",
         ("Haluan lopettaa pelaamisen.", "Haluan kertoa puolisolle veloista turvallisesti.",
          "Haluan velkajärjestelyyn."),
         ((0, "päihdetyöntekijä", "Peliriippuvuuden hoito: ryhmä ja yksilökäynnit."),
          (1, "psykologi", "Pariskunnan yhteinen tapaaminen."),
          (2, "talous- ja velkaneuvoja", "Velkajärjestelyhakemuksen valmistelu.")),
         "Häpeä on pienempi, kun asiasta voi puhua.", ages=(30, 55)),
    Case((D.LEGAL, D.SAFETY, D.INCOME), U.HIGH, ("sosiaaliohjaaja",),
         "Asiakkaalla on lievä kehitysvamma. Uudet kaverit ovat ottaneet hänen pankkikorttinsa, "
         "ja tili on tyhjä jo kuun alussa. Edunvalvonnan tarve on arvioitava.",
         "Ne ovat kavereitani, mutta ne ottavat aina rahat. Sitten minulla ei ole ruokaa. En "
         "halua, että kukaan joutuu vankilaan.",
         ("Haluan, että rahani riittävät koko kuukauden.", "Haluan tietää, keneen voin luottaa."),
         ((0, "sosiaalityöntekijä", "Edunvalvonnan tarpeen ilmoitus ja selvitys."),
          (1, "ennalta estävän toiminnan poliisi", "Keskustelu asiakkaan kanssa "
                                                   "hyväksikäytöstä; rikosilmoituksen harkinta."),
          (0, "sosiaaliohjaaja", "Pankkikortin vaihto ja käyttövaratilin avaaminen.")),
         "Haluan pitää kaverit, mutta en anna enää korttia.",
         dissent="Asiakas ei halua rikosilmoitusta kavereistaan. Poliisi pitää ilmoitusta "
                 "tarpeellisena; asiaan palataan, kun edunvalvonta on ratkaistu.",
         ages=(20, 40), support="sisar"),
    Case((D.MENTAL_HEALTH, D.HOUSING, D.DAILY_LIVING), U.NORMAL, ("psykiatrinen sairaanhoitaja",),
         "Psykoosista kuntoutuva asiakas muuttaa tehostetusta palveluasumisesta omaan "
         "vuokra-asuntoon. Muutto on nivelvaihe, jossa tuki on aiemmin katkennut.",
         "Olen odottanut omaa kotia kaksi vuotta. Vähän jännittää, miten pärjään ilman "
         "henkilökuntaa. Haluan, että lääkkeet ja ruoka hoituvat.",
         ("Haluan asua omassa kodissa.", "Haluan käydä kuntosalilla ja kaupassa itse."),
         ((0, "psykiatrinen sairaanhoitaja", "Kotikäynnit kahdesti viikossa muuton jälkeiset "
                                             "kolme kuukautta."),
          (1, "sosiaaliohjaaja", "Asumisen tuki ja arjen harjoittelu, kaupassa käynti "
                                 "yhdessä."),
          (0, "Kela-virkailija", "Asumistuen ja vammaistuen tarkistus muuton yhteydessä.")),
         "Odotan muuttoa, kunhan joku käy aluksi usein.", ages=(25, 45)),
    Case((D.HEALTH, D.WORK, D.ACCESS), U.LOW, ("yleislääkäri", "työkykykoordinaattori"),
         "Selkäkipuinen asiakas on ollut työttömänä neljä vuotta. Kuntoutus on jäänyt, koska "
         "matkaa Kuopioon on 40 kilometriä eikä autoa ole.",
         "Istuminen bussissa sattuu, ja bussi kulkee harvoin. Olen tehnyt metsätöitä koko "
         "ikäni. Jotain kevyempää voisin tehdä.",
         ("Haluan löytää työn, jossa selkä kestää.",
          "Haluan käydä kuntoutuksessa lähempänä kotia tai etänä."),
         ((1, "yleislääkäri", "Fysioterapian etävastaanotto ja kotiharjoitteet."),
          (0, "työkykykoordinaattori", "Työkyvyn arvio ja ammatillisen kuntoutuksen "
                                       "selvitys."),
          (1, "sosiaaliohjaaja", "Kela-taksin ja kuntoutusmatkojen korvausten selvitys.")),
         "Etävastaanotto sopii, kunhan joku neuvoo laitteen kanssa.", gender="m",
         ages=(45, 63), towns=("Maaninka", "Juankoski")),
    Case((D.FAMILY, D.MENTAL_HEALTH, D.DAILY_LIVING), U.NORMAL, ("terveydenhoitaja",),
         "Muistisairasta puolisoaan hoitava asiakas on uupunut ja itkuinen vastaanotolla. "
         "Vapaapäiviä ei ole pidetty, koska puoliso ei suostu intervallijaksolle.",
         "Olemme olleet naimisissa viisikymmentä vuotta. En raaski viedä häntä vieraaseen "
         "paikkaan, mutta en ole nukkunut kunnolla kuukausiin.",
         ("Haluan jaksaa hoitaa puolisoani kotona.", "Haluan yhden vapaapäivän viikossa."),
         ((1, "sosiaaliohjaaja", "Omaishoidon vapaa: päivätoiminta kahdesti viikossa."),
          (0, "terveydenhoitaja", "Omaishoitajan terveystarkastus."),
          (0, "järjestötyöntekijä", "Omaishoitajien vertaisryhmä tiistaisin.")),
         "Kun puoliso on hyvissä käsissä, voin levätä.", ages=(70, 84),
         towns=("Nilsiä",), support="poika"),
    Case((D.SUBSTANCE, D.SAFETY, D.LONELINESS), U.NORMAL, POLICE,
         "Asiakas on ollut poliisin säilössä päihtymyksen vuoksi kuusi kertaa puolessa "
         "vuodessa. Hän asuu yksin eikä hänellä ole hoitokontaktia.",
         "Kun on yksin, ei jaksa olla selvin päin. Poliisit ovat olleet asiallisia, mutta ei "
         "sinne halua.",
         ("Haluan, ettei minua tarvitse hakea kadulta.", "Haluan paikan, jossa voi olla "
                                                         "päivisin."),
         ((0, "päihdetyöntekijä", "Päihdepalvelujen ensikäynti ja katkaisuhoidon "
                                  "mahdollisuus."),
          (1, "järjestötyöntekijä", "Päiväkeskuksen esittely ja ensimmäinen käynti yhdessä."),
          (0, "ennalta estävän toiminnan poliisi", "Säilöönoton jälkeen poliisi ilmoittaa "
                                                   "koordinaattorille asiakkaan luvalla.")),
         "Päiväkeskus voisi olla hyvä, jos sinne pääsee aluksi jonkun kanssa.", gender="m",
         ages=(35, 65), guest=("experience_expert", "kokemusasiantuntija, A-kilta (demo)")),
    Case((D.FAMILY, D.SUBSTANCE, D.HOUSING), U.HIGH, ("sosiaalityöntekijä",),
         "Vauvaperheen äiti lopetti päihteiden käytön raskausaikana ja haluaa pysyä raittiina. "
         "Asunto on entisen kaveriporukan tiedossa, ja hän haluaa muuttaa.",
         "Raskaus oli minulle herätys. Nyt pelkään, että vanhat kaverit tulevat ovelle. Haluan "
         "olla hyvä äiti.",
         ("Haluan muuttaa asuntoon, josta vanhat kaverit eivät tiedä.",
          "Haluan pysyä raittiina ja saada tukea arkeen vauvan kanssa."),
         ((0, "sosiaalityöntekijä", "Asunnon vaihto ja muuttokustannukset."),
          (1, "päihdetyöntekijä", "Viikoittaiset tapaamiset ja vertaistukiryhmä."),
          (1, "terveydenhoitaja", "Neuvolan tehostetut kotikäynnit.")),
         "Tämä on ensimmäinen kerta, kun minua ei tuomita.", gender="f", ages=(20, 30)),
)
SWEDISH_CASES = (
    Case((D.LONELINESS, D.SUBSTANCE, D.HEALTH), U.NORMAL, ("sairaanhoitaja", "yleislääkäri"),
         "Klienten har bott ensam sedan hustrun dog i fjol. Han har gått ner i vikt och "
         "berättar att det blir en flaska vin varje kväll.",
         "Huset är tyst nu. Jag har ingen att laga mat åt, så det blir inte av. Vinet hjälper "
         "mig att sova.",
         ("Jag vill ha någon att äta lunch med några gånger i veckan.",
          "Jag vill sova bättre utan vin."),
         ((0, "järjestötyöntekijä", "Besök på den svenskspråkiga seniorträffen tillsammans."),
          (1, "sairaanhoitaja", "Samtal om sömn och alkohol; uppföljning om två veckor."),
          (0, "sosiaaliohjaaja", "Måltidsservice, information på svenska.")),
         "Det var skönt att få tala svenska.", gender="m", ages=(70, 84), language="sv"),
    Case((D.MENTAL_HEALTH, D.WORK, D.INCOME), U.NORMAL, ("psykiatrinen sairaanhoitaja",),
         "Ung kvinna har avbrutit sina studier på grund av ångest. Hon har obetalda räkningar "
         "och vågar inte öppna posten.",
         "Jag klarade inte av föreläsningarna längre, hjärtat rusade hela tiden. Nu hopar sig "
         "räkningarna och jag skäms.",
         ("Jag vill fortsätta studera i lugnare takt.", "Jag vill få ordning på räkningarna."),
         ((0, "psykiatrinen sairaanhoitaja", "Samtalsbehandling för ångest varannan vecka."),
          (1, "talous- ja velkaneuvoja", "Gå igenom räkningarna och göra en betalningsplan."),
          (0, "työllisyysasiantuntija", "Studiehandledning och möjlighet till deltidsstudier.")),
         "Jag vågar öppna posten när någon är med.", gender="f", ages=(20, 26), language="sv"),
    Case((D.FAMILY, D.INCOME, D.ACCESS), U.LOW, ("sosiaalityöntekijä",),
         "Familjen har svårt att få service på svenska. Föräldrarna är arbetslösa och barnen "
         "har slutat med sina hobbyer för att pengarna inte räcker.",
         "Vi vill sköta våra ärenden på svenska, men ofta blir det på finska och då förstår vi "
         "inte allt. Barnen ska inte behöva lida.",
         ("Vi vill få service på svenska.", "Vi vill att barnen kan fortsätta med sina "
                                            "hobbyer."),
         ((0, "Kela-virkailija", "Handläggning på svenska; bostadsbidrag och barnbidrag "
                                 "kontrolleras."),
          (1, "sosiaaliohjaaja", "Ansökan om förebyggande utkomststöd för barnens hobbyer."),
          (0, "työllisyysasiantuntija", "Arbetssökning med handledning på svenska.")),
         "Det känns bättre när vi får förklara på vårt eget språk.", ages=(32, 50),
         language="sv"),
)
TEXTS = {
    "fi": {
        "minutes": "Asiakas kertoi ensin oman tarinansa. Jokainen jäsen kertoi roolinsa ja sen, "
                   "mitä voi tarjota. Tavoitteet kirjattiin asiakkaan omin sanoin.",
        "decisions": "Jokaisella toimenpiteellä on yksi vastuuhenkilö. Vastuutyöntekijä pitää "
                     "yhteyttä asiakkaaseen viikoittain. Seuraava tapaaminen sovittiin.",
        "not_agreed": " Asiakkaan suostumus monialaiseen työhön kysytään seuraavalla käynnillä.",
        "support_role": "Asiakkaan itse nimeämä läheinen; tukee arjessa ja tapaamisissa.",
        "notes": ("Soitin asiakkaalle ja muistutin tulevasta tapaamisesta.",
                  "Asiakas kävi vastaanotolla, vointi parempi kuin viime kerralla.",
                  "Hakemus lähetetty, päätöstä odotetaan noin kolmen viikon kuluessa.",
                  "Asiakas ei vastannut puhelimeen; yritän uudelleen huomenna.",
                  "Kutsut lähetetty kaikille jäsenille. Asiakas toivoi aamupäiväaikaa."),
    },
    "sv": {
        "minutes": "Mötet hölls på svenska. Klienten berättade först sin egen historia, och "
                   "varje medlem berättade om sin roll.",
        "decisions": "Varje åtgärd har en ansvarig. Den ansvariga arbetstagaren ringer "
                     "klienten varje vecka.",
        "not_agreed": " Klientens samtycke frågas vid nästa besök.",
        "support_role": "Närstående som klienten själv utsett; stöder i vardagen och på möten.",
        "notes": ("Ringde klienten och påminde om mötet.",
                  "Ansökan skickad, beslut väntas inom tre veckor."),
    },
}
CLOSURES = (
    (Team.ClosureReason.GOALS_REACHED, "Tavoitteet saavutettiin. Asiakkaalla on jatkossa "
                                       "yhteys omatyöntekijään."),
    (Team.ClosureReason.GOALS_REACHED, "Asuminen ja toimeentulo ovat vakiintuneet; tiimiä "
                                       "ei enää tarvita."),
    (Team.ClosureReason.CLIENT_DECLINED, "Asiakas ei halunnut jatkaa tiimityöskentelyä. Hän "
                                         "tietää, miten voi ottaa uudelleen yhteyttä."),
    (Team.ClosureReason.GOALS_REACHED, "Asiakas aloitti työkokeilun ja kuntoutus jatkuu "
                                       "terveysasemalla."),
    (Team.ClosureReason.MOVED_AWAY, "Asiakas muutti Joensuuhun; tiedot siirrettiin hänen "
                                    "luvallaan uuden alueen asiakasohjaukseen."),
    (Team.ClosureReason.OTHER, "Asiakas siirtyi sosiaalityön ja kuntouttavan työtoiminnan "
                               "asiakkuuteen; monialaista tiimiä ei enää tarvita."),
)
# How many clients wait at each step of the loop (Paju comes on top).
STAGES = (("concern", 9), ("convened", 8), ("scheduled", 8), ("planned", 25), ("closed", 9))
DAYS_AGO = {"concern": (1, 14), "convened": (5, 20), "scheduled": (7, 25),
            "planned": (40, 150), "closed": (150, 400)}


# Paju, from the SOKK seminar story (seed 001): many needs, help hard to get.
PAJU = Case(
    (D.MENTAL_HEALTH, D.SUBSTANCE, D.HOUSING, D.INCOME, D.WORK, D.LONELINESS,
     D.ACCESS), U.HIGH, ("järjestötyöntekijä",),
    "Paju on käynyt olohuoneellamme kuukauden ajan. Hän asuu kavereiden sohvilla, "
    "juo paljon ja kertoo, ettei ole saanut apua mielenterveys- eikä päihdepalveluista, "
    "koska kumpikin ohjaa hänet toiselle. Perintäkirjeitä on avaamatta. Paju toivoo "
    "itse, että kaikki tahot istuisivat saman pöydän ääreen.",
    "Olen 21. Muutin Kuopioon kaksi vuotta sitten, ja siitä lähtien asiat ovat menneet "
    "huonompaan suuntaan. Asuin kaverin sohvalla, sitten kaverin kaverin. Joka "
    "paikassa, mihin soitin, sanottiin, että kuulun jonnekin muualle: "
    "mielenterveyspuolella käskettiin ensin lopettaa juominen ja päihdepuolella "
    "sanottiin, että masennus pitää hoitaa ensin. Kelan hakemus jäi kesken, kun en "
    "saanut pankkitunnuksia uusittua. Velat ovat perinnässä, enkä avaa enää kirjeitä. "
    "Poliisi on hakenut minut pari kertaa kadulta, ja se nolottaa. Täti on ainoa, joka "
    "on jaksanut soittaa. En jaksa kertoa samaa tarinaa kymmenelle ihmiselle. "
    "Haluaisin, että yksi ihminen tietää kokonaisuuden.",
    ("Haluan oman asunnon, jossa voin olla rauhassa ja johon täti voi tulla kylään.",
     "Haluan saada raha-asiat hallintaan niin, ettei jokainen kirje pelota.",
     "Haluan vähentää juomista ja saada apua siihen, etten saa nukuttua.",
     "Haluan kokeilla töitä tai koulua, aluksi muutamana päivänä viikossa.",
     "Haluan, että on yksi ihminen, jolle voin soittaa, kun jokin menee pieleen."),
    (), "Ensimmäistä kertaa kaikki olivat samassa huoneessa, eikä minun tarvinnut "
        "kertoa samaa monta kertaa. Asunto on minulle tärkein. Poliisin kanssa oli "
        "helpompi puhua kuin luulin.",
    dissent="Psykiatrinen sairaanhoitaja ja päihdetyöntekijä pitävät tärkeänä, että "
            "juomisen vähentäminen alkaa ennen työkokeilua; Paju haluaa aloittaa "
            "työkokeilun heti, koska se antaa päiville rytmin. Sovittiin, että "
            "asiaan palataan seuraavassa tapaamisessa.",
    gender="f", support="täti")
