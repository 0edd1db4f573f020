"""The demo region: Pohjois-Savo, synthetic professionals and clients at every step of the loop.

Everything a user could enter goes through the write services, so the demo passes the same
validation as real data. Only timestamps are moved afterwards (queryset updates), so that a
demo loaded today looks like months of work: concerns raised weeks ago, meetings held, some
actions done and some overdue. All people are invented; identity codes are artificial
(individual numbers 900-999).
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from moti.access.helpers import emergency_access_start
from moti.clients.models import Client, Consent
from moti.clients.services import (
    client_create,
    client_set_disclosure_ban,
    consent_record,
    consent_revoke,
)
from moti.core.models import Change, NeedDomain, Register
from moti.directory.models import Organisation, Person, Unit
from moti.plans.models import Action, Goal, Plan
from moti.plans.services import action_add, action_set_done, goal_add, goal_update, plan_update
from moti.teams.models import Concern, Meeting, Note, Team, TeamMember
from moti.teams.services import (
    concern_create,
    meeting_create,
    meeting_record,
    member_add,
    member_update,
    note_add,
    team_close,
    team_convene,
)

PASSWORD = "moti-demo-2026"
SEED = 2026
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
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
}
# Where clients live: Kuopio most, then the smaller towns.
TOWN_WEIGHTS = {"Kuopio": 12, "Siilinjärvi": 3, "Varkaus": 4, "Nilsiä": 3, "Juankoski": 2,
                "Maaninka": 2}

K = Organisation.Kind
R = Register
# key: (name, kind, register, units as key: (name, town, street address))
ORGANISATIONS = {
    "social": ("Pohjois-Savon hyvinvointialue, aikuissosiaalityö", K.SOCIAL, R.SOCIAL, {
        "kuopio": ("Aikuissosiaalityö Kuopio", "Kuopio", "Tulliportinkatu 37"),
        "siilinjarvi": ("Aikuissosiaalityö Siilinjärvi", "Siilinjärvi", "Kasurilantie 1"),
        "nilsia": ("Sosiaalipalvelut Nilsiä ja Juankoski", "Nilsiä", "Nilsiäntie 57"),
        "varkaus": ("Aikuissosiaalityö Varkaus", "Varkaus", "Relanderinkatu 3"),
    }),
    "health": ("Pohjois-Savon hyvinvointialue, terveysasemat", K.HEALTH, R.HEALTH, {
        "kuopio": ("Kuopion keskustan terveysasema", "Kuopio", "Tulliportinkatu 35"),
        "nilsia": ("Nilsiän terveysasema", "Nilsiä", "Sairaalantie 2"),
        "juankoski": ("Juankosken terveysasema", "Juankoski", "Koulutie 6"),
        "maaninka": ("Maaningan terveysasema", "Maaninka", "Kirkkotie 5"),
        "siilinjarvi": ("Siilinjärven terveysasema", "Siilinjärvi", "Risulantie 3"),
        "varkaus": ("Varkauden terveysasema", "Varkaus", "Savontie 55"),
    }),
    "mtp": ("Pohjois-Savon hyvinvointialue, mielenterveys- ja päihdepalvelut", K.HEALTH,
            R.HEALTH, {
                "kuopio": ("Mielenterveys- ja päihdepalvelut Kuopio", "Kuopio", "Puijonkatu 16"),
                "varkaus": ("Mielenterveys- ja päihdepalvelut Varkaus", "Varkaus",
                            "Ahlströminkatu 12"),
            }),
    "admin": ("Pohjois-Savon hyvinvointialue, hallinto ja tietosuoja", K.OTHER, R.OTHER, {
        "kuopio": ("Tietosuoja", "Kuopio", "Minna Canthin katu 22"),
    }),
    "emp_kuopio": ("Kuopion seudun työllisyyspalvelut", K.EMPLOYMENT, R.OTHER, {
        "kuopio": ("Työllisyyspalvelut Kuopio", "Kuopio", "Kauppakatu 40"),
    }),
    "emp_varkaus": ("Varkauden seudun työllisyyspalvelut", K.EMPLOYMENT, R.OTHER, {
        "varkaus": ("Työllisyyspalvelut Varkaus", "Varkaus", "Kauppakatu 6"),
    }),
    "kela": ("Kela Kuopio", K.KELA, R.OTHER, {
        "kuopio": ("Kelan palvelupiste Kuopio", "Kuopio", "Kauppakatu 42"),
    }),
    "police": ("Itä-Suomen poliisilaitos", K.POLICE, R.OTHER, {
        "kuopio": ("Kuopion pääpoliisiasema", "Kuopio", "Asemakatu 1"),
        "varkaus": ("Varkauden poliisiasema", "Varkaus", "Relanderinkatu 11"),
    }),
    "debt": ("Itä-Suomen oikeusaputoimisto, talous- ja velkaneuvonta", K.OTHER, R.OTHER, {
        "kuopio": ("Talous- ja velkaneuvonta Kuopio", "Kuopio", "Kauppakatu 28"),
        "varkaus": ("Talous- ja velkaneuvonta Varkaus", "Varkaus", "Ahlströminkatu 6"),
    }),
    "ngo1": ("Kallaveden Kohtaamo ry (demo)", K.NGO, R.OTHER, {
        "kuopio": ("Olohuone Kohtaamo", "Kuopio", "Suokatu 22"),
    }),
    "ngo2": ("Savon Polku ry (demo)", K.NGO, R.OTHER, {
        "varkaus": ("Päiväkeskus Polku", "Varkaus", "Pirnankatu 4"),
    }),
}
EMAIL_DOMAINS = {"social": "hyvinvointialue.example", "health": "hyvinvointialue.example",
                 "mtp": "hyvinvointialue.example", "admin": "hyvinvointialue.example",
                 "emp_kuopio": "tyollisyys.example", "emp_varkaus": "tyollisyys.example",
                 "kela": "kela.example", "police": "poliisi.example",
                 "debt": "oikeus.example", "ngo1": "kohtaamo.example", "ngo2": "polku.example"}

P = Person.Role


@dataclass(frozen=True)
class KeyUser:
    username: str
    first_name: str
    last_name: str
    title: str
    role: str
    org: str
    unit: str
    who: str


# The memorable logins the command prints; the other professionals log in as first.last.
KEY_USERS = (
    KeyUser("koordinaattori", "Riikka", "Heikkinen", "asiakaskoordinaattori", P.COORDINATOR,
            "social", "kuopio", "client coordinator, adult social work, Kuopio: "
            "coordinates many teams"),
    KeyUser("sosiaalityontekija", "Jussi", "Tikkanen", "sosiaalityöntekijä", P.PROFESSIONAL,
            "social", "kuopio", "social worker, Kuopio: lead worker in several teams"),
    KeyUser("terveydenhoitaja", "Anne", "Ruotsalainen", "terveydenhoitaja", P.PROFESSIONAL,
            "health", "nilsia", "public health nurse, Nilsiä health centre"),
    KeyUser("tyollisyys", "Marko", "Partanen", "työllisyysasiantuntija", P.PROFESSIONAL,
            "emp_kuopio", "kuopio", "employment specialist, Kuopion seudun työllisyyspalvelut"),
    KeyUser("jarjesto", "Satu", "Lappalainen", "järjestötyöntekijä", P.PROFESSIONAL,
            "ngo1", "kuopio", "NGO worker, Kallaveden Kohtaamo ry"),
    KeyUser("tietosuoja", "Heli", "Kärkkäinen", "tietosuojavastaava", P.DPO,
            "admin", "kuopio", "data protection officer: log review, emergency-access "
            "review, log reports (member of no team)"),
)

# (organisation, unit, title, role, languages, Swedish name)
STAFF = (
    ("social", "kuopio", "asiakaskoordinaattori", P.COORDINATOR, "fi,sv", True),
    ("social", "varkaus", "asiakaskoordinaattori", P.COORDINATOR, "fi", False),
    ("social", "siilinjarvi", "sosiaalityöntekijä", P.PROFESSIONAL, "fi", False),
    ("social", "varkaus", "sosiaalityöntekijä", P.PROFESSIONAL, "fi,sv", False),
    ("social", "nilsia", "sosiaalityöntekijä", P.PROFESSIONAL, "fi", False),
    ("social", "kuopio", "sosiaaliohjaaja", P.PROFESSIONAL, "fi", False),
    ("social", "nilsia", "sosiaaliohjaaja", P.PROFESSIONAL, "fi", False),
    ("social", "varkaus", "sosiaaliohjaaja", P.PROFESSIONAL, "fi", False),
    ("social", "kuopio", "johtava sosiaalityöntekijä", P.MANAGER, "fi", False),
    ("health", "siilinjarvi", "asiakaskoordinaattori", P.COORDINATOR, "fi", False),
    ("health", "varkaus", "asiakaskoordinaattori", P.COORDINATOR, "fi", False),
    ("health", "kuopio", "terveydenhoitaja", P.PROFESSIONAL, "fi", False),
    ("health", "kuopio", "yleislääkäri", P.PROFESSIONAL, "fi,sv", False),
    ("health", "juankoski", "sairaanhoitaja", P.PROFESSIONAL, "fi", False),
    ("health", "maaninka", "sairaanhoitaja", P.PROFESSIONAL, "fi", False),
    ("health", "siilinjarvi", "terveydenhoitaja", P.PROFESSIONAL, "fi", False),
    ("health", "varkaus", "sairaanhoitaja", P.PROFESSIONAL, "fi,sv", True),
    ("health", "varkaus", "yleislääkäri", P.PROFESSIONAL, "fi", False),
    ("health", "nilsia", "yleislääkäri", P.PROFESSIONAL, "fi", False),
    ("mtp", "kuopio", "psykiatrinen sairaanhoitaja", P.PROFESSIONAL, "fi", False),
    ("mtp", "kuopio", "psykiatrinen sairaanhoitaja", P.PROFESSIONAL, "fi,sv", False),
    ("mtp", "kuopio", "päihdetyöntekijä", P.PROFESSIONAL, "fi", False),
    ("mtp", "kuopio", "psykologi", P.PROFESSIONAL, "fi", False),
    ("mtp", "varkaus", "psykiatrinen sairaanhoitaja", P.PROFESSIONAL, "fi", False),
    ("mtp", "varkaus", "päihdetyöntekijä", P.PROFESSIONAL, "fi", False),
    ("emp_kuopio", "kuopio", "työkykykoordinaattori", P.PROFESSIONAL, "fi", False),
    ("emp_varkaus", "varkaus", "työllisyysasiantuntija", P.PROFESSIONAL, "fi", False),
    ("kela", "kuopio", "Kela-virkailija", P.PROFESSIONAL, "fi", False),
    ("kela", "kuopio", "Kela-virkailija", P.PROFESSIONAL, "fi,sv", True),
    ("police", "kuopio", "ennalta estävän toiminnan poliisi", P.PROFESSIONAL, "fi", False),
    ("police", "varkaus", "vanhempi konstaapeli", P.PROFESSIONAL, "fi", False),
    ("debt", "kuopio", "talous- ja velkaneuvoja", P.PROFESSIONAL, "fi", False),
    ("debt", "varkaus", "talous- ja velkaneuvoja", P.PROFESSIONAL, "fi", False),
    ("ngo1", "kuopio", "vertaistukikoordinaattori", P.PROFESSIONAL, "fi", False),
    ("ngo2", "varkaus", "järjestötyöntekijä", P.PROFESSIONAL, "fi,sv", False),
)

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
    guest: tuple[str, str] = ()  # a member without an account: (kind, relation)
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
        "purpose": "Monialainen yhteistyö MOTI-tiimissä: jäsenet näkevät toistensa kirjaukset "
                   "yhteisen suunnitelman toteuttamiseksi.",
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
        "purpose": "Mångprofessionellt samarbete i MOTI-teamet: medlemmarna ser varandras "
                   "anteckningar för att genomföra den gemensamma planen.",
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


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "")


def _identity_code(*, born: datetime.date, individual: int, sign: str) -> str:
    digits = f"{born:%d%m%y}{individual:03d}"
    return f"{born:%d%m%y}{sign}{individual:03d}{CHECK[int(digits) % 31]}"


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _workday(*, day: datetime.date, forward: bool) -> datetime.date:
    """Meetings fall on weekdays: move a weekend day to Friday or Monday."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1 if forward else -1)
    return day


def _backdate(obj: Model, **fields) -> None:
    """Move timestamps that the models set to "now" back to when the step happened."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)


def _backdate_history(obj: Model, *, when: datetime.datetime) -> None:
    """A versioned edit made "now" by a service is dated back with its history rows."""
    _backdate(obj, updated_at=when)
    Change.objects.filter(kind=obj._meta.label_lower, object_id=obj.pk).update(changed_at=when)


@dataclass
class _Team:
    team: Team
    members: list[TeamMember]
    lead: TeamMember
    pair: list[Person]
    convened: datetime.date

    def owner(self, title: str) -> TeamMember:
        """The member who owns an action for `title`; the lead worker if nobody fits."""
        titles = SIMILAR.get(title, (title,))
        return next((m for m in self.members if m.person_id and m.person.title in titles),
                    self.lead)


class _Loader:
    """Builds the region once; every random choice comes from one seeded generator."""

    def __init__(self, *, today: datetime.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.fi = Faker("fi_FI")
        self.fi.seed_instance(SEED)
        self.sv = Faker("sv_SE")  # Faker has no sv_FI; Swedish names serve Finland-Swedes too
        self.sv.seed_instance(SEED + 1)
        self.password = make_password(PASSWORD)  # hashed once: hashing 40 times is slow
        self.orgs: dict[str, Organisation] = {}
        self.units: dict[tuple[str, str], Unit] = {}
        self.staff: list[Person] = []
        self.key: dict[str, Person] = {}
        self.usernames: set[str] = set()
        # Individual numbers 900-999 are artificial; odd for men, even for women.
        self.individuals = {"m": list(range(901, 1000, 2)), "f": list(range(900, 1000, 2))}
        self.rng.shuffle(self.individuals["m"])
        self.rng.shuffle(self.individuals["f"])
        self.links = 0
        self.pairs: dict[str, list[Person]] = {}  # coordinators by region, set by people()

    # --- Directory ---

    def organisations(self) -> None:
        for key, (name, kind, register, units) in ORGANISATIONS.items():
            org = Organisation.objects.create(name=name, kind=kind, register=register)
            self.orgs[key] = org
            for unit_key, (unit_name, town, street) in units.items():
                place = TOWNS[town]
                self.units[key, unit_key] = Unit.objects.create(
                    organisation=org, name=unit_name, municipality=town, street_address=street,
                    postal_code=place.postal_codes[0], latitude=place.latitude,
                    longitude=place.longitude)

    def _person(self, *, username: str, first: str, last: str, title: str, role: str,
                org: str, unit: str, languages: str) -> Person:
        self.usernames.add(username)
        email = f"{_ascii(first)}.{_ascii(last)}@{EMAIL_DOMAINS[org]}"
        user = get_user_model().objects.create(
            username=username, first_name=first, last_name=last, email=email,
            password=self.password)
        phone = f"044 {self.rng.randint(700, 799)} {self.rng.randint(1000, 9999)}"
        person = Person.objects.create(
            user=user, first_name=first, last_name=last, title=title, role=role,
            organisation=self.orgs[org], unit=self.units[org, unit], phone=phone, email=email,
            languages=languages)
        if role != P.DPO:  # the data protection officer joins no team
            self.staff.append(person)
        return person

    def people(self) -> None:
        for k in KEY_USERS:
            self.key[k.username] = self._person(
                username=k.username, first=k.first_name, last=k.last_name, title=k.title,
                role=k.role, org=k.org, unit=k.unit, languages="fi")
        for org, unit, title, role, languages, swedish in STAFF:
            faker = self.sv if swedish else self.fi
            first, last = faker.first_name(), faker.last_name()
            username = f"{_ascii(first)}.{_ascii(last)}"
            while username in self.usernames:
                username += "2"
            self._person(username=username, first=first, last=last, title=title, role=role,
                         org=org, unit=unit, languages=languages)
        coordinators = {(p.organisation_id, p.unit.municipality): p for p in self.staff
                        if p.role == P.COORDINATOR and p.user.username != "koordinaattori"}
        social, health = self.orgs["social"].pk, self.orgs["health"].pk
        self.pairs = {
            # Kuopio area: the key coordinator works with one of the two others.
            "kuopio": [self.key["koordinaattori"], coordinators[social, "Kuopio"],
                       coordinators[health, "Siilinjärvi"]],
            "varkaus": [coordinators[social, "Varkaus"], coordinators[health, "Varkaus"]],
        }

    def _pick(self, *, titles: tuple[str, ...], town: str, language: str = "fi",
              exclude: set[int] | frozenset = frozenset()) -> Person | None:
        """The nearest professional with one of `titles` who speaks the client's language."""
        region = TOWNS[town].region
        scored = [((language in p.languages.split(","), TOWNS[p.unit.municipality].region
                    == region, p.unit.municipality == town), p)
                  for p in self.staff if p.title in titles and p.pk not in exclude]
        if not scored:
            return None
        best = max(score for score, _ in scored)
        return self.rng.choice([p for score, p in scored if score == best])

    # --- Clients ---

    def _name(self, *, language: str, gender: str) -> tuple[str, str]:
        faker = self.sv if language == "sv" else self.fi
        first = faker.first_name_female() if gender == "f" else faker.first_name_male()
        return first, faker.last_name()

    def _client(self, *, n: int, case: Case, town: str, user, gender: str,
                first: str = "", last: str = "", born: datetime.date | None = None,
                turvakielto: bool = False) -> Client:
        if not first:
            first, last = self._name(language=case.language, gender=gender)
        if born is None:
            low, high = case.ages
            born = self.today - datetime.timedelta(
                days=self.rng.randint(low * 365 + 30, high * 365 + 300))
        pool = self.individuals[gender] or self.individuals["f" if gender == "m" else "m"]
        individual = pool.pop()
        if born.year >= 2000:
            sign = self.rng.choice("AAB")
        else:
            sign = self.rng.choice("--YXW")  # the 2023 signs Y, X, W mean the 1900s too
        # A few clients are known by date of birth only (no identity code yet).
        code = "" if n % 15 == 7 else _identity_code(born=born, individual=individual, sign=sign)
        place = TOWNS[town]
        street = f"{self.rng.choice(place.streets)} {self.rng.randint(1, 60)}"
        if town in ("Kuopio", "Varkaus") and self.rng.random() < 0.6:
            street += f" {self.rng.choice('ABC')} {self.rng.randint(1, 40)}"
        return client_create(
            user=user, first_name=first, last_name=last, identity_code=code,
            birth_date=None if code else born, language=case.language, municipality=town,
            # Under turvakielto the address is not even written down.
            street_address="" if turvakielto else street,
            postal_code="" if turvakielto else self.rng.choice(place.postal_codes),
            phone=f"04{self.rng.choice('0456')} {self.rng.randint(100, 999)} "
                  f"{self.rng.randint(1000, 9999)}",
            turvakielto=turvakielto)

    # --- The loop ---

    def _convene(self, *, n: int, case: Case, concern: Concern, raiser: Person, town: str,
                 day: datetime.date) -> _Team:
        region = TOWNS[town].region
        pairs = self.pairs[region]
        if region == "kuopio":
            pair = [pairs[0], pairs[1 + n % 2]] if n % 4 != 3 else pairs[1:]
        else:
            pair = list(pairs)
        lead = raiser
        if n % 10 < 7 or raiser.title == "sosiaalityöntekijä":
            lead = self._pick(titles=("sosiaalityöntekijä",), town=town,
                              language=case.language) or raiser
        wanted = [raiser, lead]
        needed = [SIMILAR.get(title, (title,)) for _, title, _ in case.actions]
        needed += [DOMAIN_TITLES[domain] for domain in case.domains]
        for titles in needed:
            if not any(p.title in titles for p in wanted + pair):
                found = self._pick(titles=titles, town=town, language=case.language,
                                   exclude={p.pk for p in wanted + pair})
                if found:
                    wanted.append(found)
        others = []
        for p in wanted:
            if p not in pair and p not in others:
                others.append(p)
        # Anyone with a concern may convene; most often a coordinator does.
        convener = raiser if n % 3 == 0 and raiser not in pair else pair[0]
        team = team_convene(author=convener, user=convener.user, concern=concern,
                            role=ROLES.get(convener.title, ""),
                            author_is_coordinator=convener in pair)
        members = [team.members.get()]
        for person in [*pair, *others]:
            if person == convener:
                continue
            members.append(member_add(
                team=team, kind=TeamMember.Kind.PROFESSIONAL, person=person,
                role=ROLES.get(person.title, ""), is_coordinator=person in pair,
                is_lead=person == lead))
        if convener == lead:
            members[0] = member_update(member=members[0], role=members[0].role,
                                       is_coordinator=members[0].is_coordinator, is_lead=True)
        if case.support:
            faker = self.sv if case.language == "sv" else self.fi
            female = case.support in ("tytär", "äiti", "sisar", "täti")
            first = faker.first_name_female() if female else faker.first_name_male()
            members.append(member_add(
                team=team, kind=TeamMember.Kind.SUPPORT_PERSON,
                name=f"{first} {concern.client.last_name}", relation=case.support,
                contact=f"040 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}",
                role=TEXTS[case.language]["support_role"]))
        if case.guest:
            kind, relation = case.guest
            members.append(member_add(
                team=team, kind=kind, name=" ".join(self._name(language=case.language,
                                                               gender=self.rng.choice("fm"))),
                relation=relation, role=GUEST_ROLES[kind]))
        created = _at(day, 10 + n % 5)
        _backdate(team, created_at=created)
        TeamMember.objects.filter(team=team).update(added_at=created)
        Plan.objects.filter(team=team).update(created_at=created, updated_at=created)
        return _Team(team=team, members=members, pair=pair, convened=day,
                     lead=next(m for m in members if m.is_lead))

    def _consent(self, *, n: int, t: _Team, language: str) -> Consent:
        orgs = {m.person.organisation for m in t.members if m.person_id}
        how = (Consent.GivenHow.SIGNED, Consent.GivenHow.ELECTRONIC,
               Consent.GivenHow.VERBAL)[n % 3]
        witness = f"{t.pair[0]}, {t.pair[0].title}" if how == Consent.GivenHow.VERBAL else ""
        consent = consent_record(
            client=t.team.client, user=t.pair[0].user, organisations=sorted(orgs, key=str),
            organisation_kinds=[], registers=sorted({o.register for o in orgs}),
            data_kinds=list(Consent.DataKind.values), purpose=TEXTS[language]["purpose"],
            given_how=how, witness=witness, given_on=t.convened,
            expires_on=t.convened + datetime.timedelta(days=365) if n % 2 else None)
        _backdate(consent, created_at=_at(t.convened, 11))
        return consent

    def _meeting(self, *, n: int, t: _Team, when: datetime.datetime) -> Meeting:
        unit = t.pair[0].unit
        town = t.team.client.municipality
        remote = town in ("Maaninka", "Juankoski") or n % 5 == 0
        self.links += 1
        place = f"{unit.name}, {unit.street_address}, {unit.municipality}"
        meeting = meeting_create(
            team=t.team, user=t.pair[0].user, author=t.pair[0], starts_at=when,
            duration_minutes=(60, 90, 60, 45)[n % 4],
            place="" if remote and n % 2 else place,
            remote_link=f"https://etatapaaminen.example/moti/{self.links:04d}" if remote else "",
            invited=t.members)
        created = min(when, _at(self.today, 8)) - datetime.timedelta(days=7)
        _backdate(meeting, created_at=max(created, _at(t.convened, 12)))
        return meeting

    def _hold(self, *, n: int, t: _Team, case: Case, when: datetime.datetime,
              minutes: str = "", decisions: str = "") -> Meeting:
        meeting = self._meeting(n=n, t=t, when=when)
        # Someone is usually missing; never the lead worker.
        absent = {m.pk for m in t.members[2:] if (m.pk + n) % 5 == 0 and not m.is_lead}
        texts = TEXTS[case.language]
        return meeting_record(
            meeting=meeting, client_story=case.story,
            client_goals="\n".join(case.goals), minutes=minutes or texts["minutes"],
            decisions=decisions or texts["decisions"],
            attended=[m for m in t.members if m.pk not in absent])

    def _plan(self, *, n: int, t: _Team, case: Case, held: datetime.date, closing: bool,
              actions: tuple = (), fates: tuple[str, ...] = ()) -> list[Action]:
        """Goals and actions agreed at the meeting on `held`; some done, some overdue."""
        plan = t.team.plan
        author = t.lead.person
        when = _at(held, 15)
        goals = []
        for text in case.goals:
            goal = goal_add(plan=plan, user=author.user, author=author, text=text)
            _backdate(goal, created_at=when, updated_at=when)
            goals.append(goal)
        made = []
        for i, (goal_index, title, text) in enumerate(actions or case.actions):
            owner = t.owner(title) if isinstance(title, str) else title
            if fates:
                fate = fates[i]
            elif closing:
                fate = "done"
            elif i == 0 and n % 2 == 0:
                fate = "done"
            elif i == 1 and n % 3 == 0:
                fate = "overdue"
            else:
                fate = "open"
            if fate == "overdue":
                due = max(self.today - datetime.timedelta(days=self.rng.randint(2, 20)),
                          held + datetime.timedelta(days=3))
            elif fate == "done":
                due = held + datetime.timedelta(days=self.rng.randint(10, 30))
            else:
                due = self.today + datetime.timedelta(days=self.rng.randint(5, 45))
            # Services refuse a due date in the past, so the action is made with a due date
            # today or later and its real (earlier) due date is written afterwards.
            action = action_add(plan=plan, user=author.user, author=author, text=text,
                                owner=owner, due_date=max(due, self.today),
                                goal=goals[goal_index] if goal_index is not None else None)
            _backdate(action, due_date=due, created_at=when, updated_at=when)
            if fate == "done":
                done = min(due, self.today - datetime.timedelta(days=1)) \
                    - datetime.timedelta(days=self.rng.randint(0, 5))
                done_at = _at(max(done, held + datetime.timedelta(days=1)), 14)
                action = action_set_done(action=action, user=author.user, done=True)
                _backdate(action, done_at=done_at)
                _backdate_history(action, when=done_at)
            made.append(action)
        if closing:
            for goal in goals:
                goal = goal_update(goal=goal, user=author.user, expected_version=goal.version,
                                   text=goal.text, achieved=True)
                _backdate_history(goal, when=when + datetime.timedelta(days=30))
        next_review = None if closing else \
            self.today + datetime.timedelta(days=self.rng.randint(14, 60))
        plan = plan_update(plan=plan, user=author.user, expected_version=plan.version,
                           client_view=case.client_view, dissenting_view=case.dissent,
                           next_review=next_review)
        _backdate_history(plan, when=when)
        return made

    def _note(self, *, t: _Team, author: Person, text: str, day: datetime.date) -> Note:
        note = note_add(team=t.team, author=author, text=text)
        _backdate(note, created_at=_at(day, 13, 30))
        return note

    def case(self, *, n: int, case: Case, stage: str, town: str) -> Client:
        """One client at `stage` of the loop: concern, convened, scheduled, planned or closed."""
        start = self.today - datetime.timedelta(days=self.rng.randint(*DAYS_AGO[stage]))
        gender = case.gender or self.rng.choice("fm")
        raiser = self._pick(titles=case.raisers, town=town, language=case.language)
        client = self._client(n=n, case=case, town=town, user=raiser.user, gender=gender,
                              turvakielto=case.domains[0] == D.SAFETY and n % 32 == 4)
        _backdate(client, created_at=_at(start, 9))
        agreed = not (stage == "concern" and n % 3 == 0)
        texts = TEXTS[case.language]
        concern = concern_create(
            author=raiser, client=client, need_domains=list(case.domains),
            urgency=case.urgency, client_agreed=agreed,
            description=case.concern + ("" if agreed else texts["not_agreed"]))
        _backdate(concern, created_at=_at(start, 10))
        if stage == "concern":
            return client
        convened = start + datetime.timedelta(days=self.rng.randint(1, 4))
        convened = min(convened, self.today - datetime.timedelta(days=1))
        t = self._convene(n=n, case=case, concern=concern, raiser=raiser, town=town,
                          day=convened)
        self._consent(n=n, t=t, language=case.language)
        notes = texts["notes"]
        if stage == "convened":
            if n % 2:
                # A Swedish note is written by the lead worker, chosen for speaking Swedish.
                author = t.pair[0] if case.language == "fi" else t.lead.person
                self._note(t=t, author=author, text=notes[-1], day=convened)
            return client
        upcoming = _workday(day=self.today + datetime.timedelta(days=self.rng.randint(2, 18)),
                            forward=True)
        if stage == "scheduled":
            self._meeting(n=n, t=t, when=_at(upcoming, (9, 10, 13, 14)[n % 4]))
            return client
        held = _workday(day=convened + datetime.timedelta(days=self.rng.randint(7, 14)),
                        forward=False)
        self._hold(n=n, t=t, case=case, when=_at(held, (9, 10, 12, 13)[n % 4], 30 * (n % 2)))
        self._plan(n=n, t=t, case=case, held=held, closing=stage == "closed")
        if stage == "planned":
            self._meeting(n=n, t=t, when=_at(upcoming, (9, 10, 13, 14)[n % 4]))
            if n % 3 != 1:
                later = held + datetime.timedelta(days=self.rng.randint(3, 20))
                self._note(t=t, author=t.lead.person, text=notes[n % len(notes)],
                           day=min(later, self.today))
            return client
        reason, note = CLOSURES[n % len(CLOSURES)]
        closed = min(held + datetime.timedelta(days=self.rng.randint(40, 120)),
                     self.today - datetime.timedelta(days=7))
        team_close(team=t.team, reason=reason, note=note)
        _backdate(t.team, closed_at=_at(closed, 15))
        return client

    def paju(self) -> Client:
        """Paju, from the SOKK seminar story (seed 001): many needs, help hard to get."""
        k = self.key
        social_worker, coordinator, ngo = k["sosiaalityontekija"], k["koordinaattori"], \
            k["jarjesto"]
        staff = {p.title: p for p in self.staff if p.unit.municipality == "Kuopio"}
        case = Case(
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
        start = self.today - datetime.timedelta(days=32)
        born = self.today.replace(year=self.today.year - 21) - datetime.timedelta(days=140)
        client = self._client(n=0, case=case, town="Kuopio", user=ngo.user, gender="f",
                              first="Paju", last="Rautiainen", born=born)
        _backdate(client, created_at=_at(start, 9))
        concern = concern_create(author=ngo, client=client, need_domains=list(case.domains),
                                 urgency=case.urgency, description=case.concern,
                                 client_agreed=True)
        _backdate(concern, created_at=_at(start, 11))
        convened = _workday(day=start + datetime.timedelta(days=3), forward=False)
        team = team_convene(author=coordinator, user=coordinator.user, concern=concern,
                            role=ROLES["asiakaskoordinaattori"], author_is_coordinator=True)
        add = member_add  # many members: a shorter name keeps the calls readable
        members = [team.members.get()]
        pair = self.pairs["kuopio"][2]  # the health centres' coordinator: a cross-sector pair
        members.append(add(team=team, kind=TeamMember.Kind.PROFESSIONAL, person=pair,
                           role=ROLES["asiakaskoordinaattori"], is_coordinator=True))
        lead = add(team=team, kind=TeamMember.Kind.PROFESSIONAL, person=social_worker,
                   is_lead=True, role="Vastuutyöntekijä: Pajun kokonaistilanne, asunnon haku "
                                      "ja toimeentulotuki. Pajun ensisijainen yhteyshenkilö.")
        members.append(lead)
        roles = {
            "psykiatrinen sairaanhoitaja": "Mielenterveyden ja unen arvio samalla käynnillä "
                                           "kuin päihdearvio.",
            "päihdetyöntekijä": "Päihdetyö; yhteinen käynti psykiatrisen sairaanhoitajan "
                                "kanssa.",
            "ennalta estävän toiminnan poliisi": "Ennalta estävä poliisityö: kertoo, mitä "
                                                 "poliisi voi ja ei voi tehdä, ja miten "
                                                 "toimitaan, jos Paju tavataan päihtyneenä.",
            "talous- ja velkaneuvoja": "Perintäasioiden selvitys ja maksusuunnitelmat.",
        }
        by_title = {}
        for title, role in roles.items():
            by_title[title] = add(team=team, kind=TeamMember.Kind.PROFESSIONAL,
                                  person=staff[title], role=role)
        by_title["työllisyysasiantuntija"] = add(
            team=team, kind=TeamMember.Kind.PROFESSIONAL, person=k["tyollisyys"],
            role="Kuntouttava työtoiminta, työkokeilu ja koulutusvaihtoehdot.")
        by_title["järjestötyöntekijä"] = add(
            team=team, kind=TeamMember.Kind.PROFESSIONAL, person=ngo,
            role="Olohuone Kohtaamo: päivittäinen paikka olla ja apu kirjeiden kanssa. Nosti "
                 "huolen Pajun pyynnöstä.")
        aunt = add(team=team, kind=TeamMember.Kind.SUPPORT_PERSON, name="Tuula Rautiainen",
                   relation="täti", contact="040 718 2290",
                   role="Pajun itse nimeämä tukihenkilö; lähtee mukaan asuntonäytöille.")
        expert = add(team=team, kind=TeamMember.Kind.EXPERIENCE_EXPERT, name="Jari Koskinen",
                     relation="kokemusasiantuntija, Kallaveden Kohtaamo ry (demo)",
                     role="Kertoo omasta kokemuksestaan asunnottomuudesta ja päihteistä; "
                          "tukee Pajua tapaamisissa.")
        members += [*by_title.values(), aunt, expert]
        created = _at(convened, 10)
        _backdate(team, created_at=created)
        TeamMember.objects.filter(team=team).update(added_at=created)
        Plan.objects.filter(team=team).update(created_at=created, updated_at=created)
        t = _Team(team=team, members=members, lead=lead, pair=[coordinator, pair],
                  convened=convened)
        self._consent(n=0, t=t, language="fi")
        held = _workday(day=self.today - datetime.timedelta(days=18), forward=False)
        self._hold(
            n=1, t=t, case=case, when=_at(held, 13),
            minutes="Paju kertoi tilanteensa omin sanoin; täti ja kokemusasiantuntija olivat "
                    "mukana hänen toivestaan. Jokainen kertoi, mitä voi tarjota ja mitä ei. "
                    "Poliisi kertoi roolistaan: poliisi ei ole hoitotaho, mutta voi ilmoittaa "
                    "koordinaattorille, jos Paju tavataan päihtyneenä ja hän antaa siihen "
                    "luvan.",
            decisions="Jussi Tikkanen on Pajun vastuutyöntekijä ja ensisijainen "
                      "yhteyshenkilö. Mielenterveys- ja päihdearvio tehdään samalla käynnillä, "
                      "jotta Pajua ei ohjata luukulta toiselle. Seuraava tapaaminen noin "
                      "kuukauden päästä.")
        actions = (
            (0, lead, "Hakemus tuettuun asumiseen ja vuokra-asuntoon; vuokravakuus "
                      "toimeentulotuesta."),
            (2, by_title["psykiatrinen sairaanhoitaja"], "Yhteinen ensikäynti: masennuksen, "
                                                         "unen ja alkoholinkäytön arvio."),
            (None, members[0], "Käynti pankissa yhdessä Pajun kanssa verkkopankkitunnusten "
                                "uusimiseksi, jotta Kelan hakemus saadaan tehtyä."),
            (1, by_title["talous- ja velkaneuvoja"], "Perintäkirjeet käydään läpi yhdessä ja "
                                                     "tehdään maksusuunnitelmat."),
            (3, by_title["työllisyysasiantuntija"], "Kuntouttavan työtoiminnan paikka, "
                                                    "aluksi kaksi päivää viikossa."),
            (0, aunt, "Täti lähtee mukaan asuntonäytöille."),
            (4, by_title["ennalta estävän toiminnan poliisi"], "Sovitaan Pajun luvalla, että "
                                                               "poliisi soittaa "
                                                               "koordinaattorille, jos Paju "
                                                               "tavataan päihtyneenä."),
        )
        # The bank visit has not happened yet: it is the overdue one.
        self._plan(n=0, t=t, case=case, held=held, closing=False, actions=actions,
                   fates=("done", "done", "overdue", "open", "open", "open", "done"))
        self._note(t=t, author=ngo, text="Paju kävi olohuoneella ja toi perintäkirjeet "
                                         "mukanaan. Ne on nyt lajiteltu talous- ja "
                                         "velkaneuvontaa varten.",
                   day=held + datetime.timedelta(days=5))
        self._note(t=t, author=social_worker, text="Asuntohakemus jätetty. Paju jaksoi tulla "
                                                   "toimistolle tädin kanssa.",
                   day=held + datetime.timedelta(days=9))
        upcoming = _workday(day=self.today + datetime.timedelta(days=9), forward=True)
        self._meeting(n=1, t=t, when=_at(upcoming, 13))
        return client

    def run(self) -> None:
        self.organisations()
        self.people()
        self.paju()
        stages = [stage for stage, count in STAGES for _ in range(count)]
        self.rng.shuffle(stages)
        towns = list(TOWN_WEIGHTS)
        weights = list(TOWN_WEIGHTS.values())
        swedish = {5: 0, 22: 1, 37: 2, 50: 0}
        clients = {}
        for n, stage in enumerate(stages, start=1):
            case = SWEDISH_CASES[swedish[n]] if n in swedish else CASES[n % len(CASES)]
            town = self.rng.choice(case.towns) if case.towns else \
                self.rng.choices(towns, weights)[0]
            if case.language == "sv":
                town = ("Kuopio", "Varkaus")[n % 2]
            clients[n] = (self.case(n=n, case=case, stage=stage, town=town), stage, case)
        self._extras(clients)

    def _extras(self, clients: dict) -> None:
        """A few situations the access rules and the DPO's pages are about."""
        planned = [c for c, stage, case in clients.values()
                   if stage == "planned" and case.language == "fi"]
        # The client forbids disclosure; only a recorded legal basis still opens data.
        banned = planned[0]
        client_set_disclosure_ban(client=banned, ban=True)
        team = banned.teams.get()
        coordinator = team.members.filter(is_coordinator=True).first().person
        consent_record(
            client=banned, user=coordinator.user, organisations=[],
            organisation_kinds=[K.SOCIAL, K.HEALTH], registers=[R.SOCIAL, R.HEALTH],
            data_kinds=[Consent.DataKind.PLAN, Consent.DataKind.MEETING],
            purpose="Monialainen yhteistyö sosiaali- ja terveydenhuollon välillä.",
            given_how=Consent.GivenHow.STATUTE,
            legal_basis="Sosiaalihuoltolaki 1301/2014 41 § (monialainen yhteistyö)",
            given_on=team.created_at.date())
        # Another client revoked the consent: other registers' items are now withheld.
        revoked = planned[1]
        for consent in revoked.consents.all():
            consent_revoke(consent=consent, user=consent.recorded_by)
        # A client whose team closed has come back with a new concern (a transition).
        closed = next(c for c, stage, _ in clients.values() if stage == "closed")
        raiser = closed.concerns.get().raised_by
        concern_create(author=raiser, client=closed, need_domains=[D.HOUSING, D.INCOME],
                       urgency=U.NORMAL, client_agreed=True,
                       description="Asiakas otti uudelleen yhteyttä: vuokrasopimus päättyy "
                                   "kahden kuukauden päästä eikä uutta asuntoa ole.")
        # An emergency access for the data protection officer to review.
        waiting = next(c for c, stage, _ in clients.values() if stage == "concern")
        doctor = next(p for p in self.staff if p.title == "yleislääkäri")
        emergency_access_start(
            user=doctor.user, client=waiting,
            reason="Asiakas tuotiin vastaanotolle sekavana; tarvitsin tiedon hoitoverkostosta "
                   "ja lähiomaisesta.")


def demo_load(*, stdout=None) -> list[tuple[str, str, str]]:
    """Load the demo region once; return the key logins as (username, password, who)."""
    logins = [(k.username, PASSWORD, f"{k.first_name} {k.last_name}, {k.who}")
              for k in KEY_USERS]
    with transaction.atomic():
        if get_user_model().objects.filter(username=KEY_USERS[0].username).exists():
            if stdout:
                stdout.write("The demo region is already loaded.\n")
            return logins
        _Loader(today=timezone.localdate()).run()
    if stdout:
        teams = Team.objects.all()
        stdout.write(
            f"Loaded the demo region: {Organisation.objects.count()} organisations, "
            f"{Person.objects.count()} professionals, {Client.objects.count()} clients, "
            f"{teams.filter(status=Team.Status.OPEN).count()} open and "
            f"{teams.filter(status=Team.Status.CLOSED).count()} closed teams, "
            f"{Meeting.objects.count()} meetings, {Goal.objects.count()} goals, "
            f"{Action.objects.count()} actions.\n")
    return logins
