"""The demo region's directory content: what each organisation offers, where, and who decides
what (seed 003's success factors 4-6), for `loader.py`; and the same content spread over the
whole county at scale, for `seed.py` (`DirectorySeeder`).

All invented, as the region's people are. Services are written in Finnish, most also in Swedish
and English; a few have no translations, as in the national catalogue. Phone numbers use the
country code +999, which no real line can have (see `loader._phone`).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, Model
from django.utils import timezone

from moti.core.models import NeedDomain, Register
from moti.directory import places, search
from moti.directory.models import (
    Agreement,
    Channel,
    Checked,
    Organisation,
    Person,
    Service,
    ServicePoint,
    Unit,
)
from moti.directory.services import entry_create
from moti.teams.scheduling import holiday_name

from .data import ORGANISATIONS, TOWNS

D, CH = NeedDomain, Channel

# --- Places --------------------------------------------------------------------------------

# Municipality codes (Statistics Finland). Nilsiä, Juankoski and Maaninka merged into Kuopio
# (2013-2017): their addresses carry Kuopio's code, while the demo still names them as towns.
MUNICIPALITY_CODES = {
    "Kuopio": "297", "Nilsiä": "297", "Juankoski": "297", "Maaninka": "297",
    "Siilinjärvi": "749", "Varkaus": "915", "Joroinen": "171", "Iisalmi": "140",
    "Leppävirta": "420", "Suonenjoki": "778", "Lapinlahti": "402", "Pielavesi": "595",
    "Kiuruvesi": "263", "Sonkajärvi": "762", "Vieremä": "925", "Keitele": "239", "Kaavi": "204",
    "Tuusniemi": "857", "Rautalampi": "686", "Rautavaara": "687", "Tervo": "844",
    "Vesanto": "921",
}
# Postal codes of the seed's other towns (seed.MORE_TOWNS); their centres are the directory's
# own (directory.places.CENTRES).
MORE_POSTAL_CODES = {
    "Iisalmi": "74100", "Leppävirta": "79100", "Suonenjoki": "77600", "Lapinlahti": "73100",
    "Pielavesi": "72400", "Kiuruvesi": "74700", "Sonkajärvi": "74300", "Vieremä": "74200",
    "Keitele": "72600", "Kaavi": "73600", "Tuusniemi": "71200", "Rautalampi": "77700",
    "Rautavaara": "73900", "Tervo": "72210", "Vesanto": "72300",
}
STREETS = ("Kauppakatu", "Koulutie", "Kirkkotie", "Asematie", "Savonkatu", "Rantatie",
           "Keskuskatu", "Opintie", "Terveystie", "Sairaalantie", "Kunnantie", "Myllytie",
           "Puistotie", "Pappilantie", "Torikatu")
SV_TOWNS = {"Iisalmi": "Idensalmi", "Joroinen": "Jorois"}
KUOPIO_AREA = ("Kuopio", "Siilinjärvi", "Nilsiä", "Juankoski", "Maaninka")
VARKAUS_AREA = ("Varkaus", "Joroinen")
AREAS = {"kuopio": KUOPIO_AREA, "varkaus": VARKAUS_AREA}
SMALL_TOWNS = ("Nilsiä", "Juankoski", "Maaninka", "Joroinen")
# Organisations whose people serve the whole county: their municipalities stay empty.
EVERYWHERE = ("kela", "admin", "police", "debt")

# Opening hours: [{"days": [0..6, Monday first], "from", "to"}].
WEEKDAYS = [0, 1, 2, 3, 4]
OFFICE = [{"days": WEEKDAYS, "from": "08:00", "to": "16:00"}]
HEALTH_CENTRE = [{"days": [0, 1, 2, 3], "from": "08:00", "to": "16:00"},
                 {"days": [4], "from": "08:00", "to": "14:00"}]
SMALL_HEALTH = [{"days": [0, 2, 3], "from": "08:00", "to": "15:30"}]
KELA_HOURS = [{"days": [0, 1, 2, 3], "from": "09:00", "to": "16:00"}]
NGO_HOURS = [{"days": [0, 1, 2, 3], "from": "10:00", "to": "15:00"},
             {"days": [5], "from": "11:00", "to": "14:00"}]
POLICE_HOURS = [{"days": WEEKDAYS, "from": "08:00", "to": "16:15"}]
POP_UP_HOURS = [{"days": [1], "from": "10:00", "to": "14:00"}]
BY_APPOINTMENT = [{"days": [1, 3], "from": "09:00", "to": "15:00"}]

STEP_FREE = ("Esteetön sisäänkäynti pääovelta, automaattiovet ja hissi kaikkiin kerroksiin. "
             "Invapysäköinti pihassa. Induktiosilmukka neuvonnassa.")
RAMP = ("Sisäänkäynnillä kolme porrasta ja luiska. Esteetön wc. Lähin bussipysäkki noin "
        "100 metrin päässä.")
UPSTAIRS = "Toisessa kerroksessa, hissi. Hiljainen odotustila järjestetään pyydettäessä."
STREET_LEVEL = ("Katutasossa, kynnyksetön sisäänkäynti. Avustajakoirat tervetulleita. "
                "Alakerran ryhmätilaan vain portaat.")
OLD_BUILDING = ("Vanha rakennus: sisäänkäynnillä portaita, ei hissiä. Pyörätuolilla asioiville "
                "tapaaminen järjestetään esteettömissä tiloissa, kun sitä pyytää etukäteen.")
ACCESSIBILITY = (STEP_FREE, RAMP, UPSTAIRS, STREET_LEVEL, OLD_BUILDING)


@dataclass(frozen=True)
class PointData:
    """A service point of the demo: a unit's (its key "org/unit"), or one of its own."""

    sv: str
    en: str
    hours: list[dict]
    accessibility: str
    description: str = ""
    phone: str = ""
    stale: bool = False
    # Points that are no unit: (organisation key, Finnish name, town, street address).
    place: tuple[str, str, str, str] | None = None


POINTS = {
    "social/kuopio": PointData("Socialt arbete för vuxna, Kuopio", "Adult social work, Kuopio",
                               OFFICE, STEP_FREE, phone="+999 17 182 3300"),
    "social/siilinjarvi": PointData("Socialt arbete för vuxna, Siilinjärvi",
                                    "Adult social work, Siilinjärvi", OFFICE, RAMP),
    "social/nilsia": PointData("Socialtjänster Nilsiä och Juankoski",
                               "Social services Nilsiä and Juankoski",
                               [{"days": [0, 1, 3], "from": "08:30", "to": "15:30"}], RAMP,
                               description="Juankoskella vastaanotto torstaisin "
                                           "terveysasemalla."),
    "social/varkaus": PointData("Socialt arbete för vuxna, Varkaus", "Adult social work, Varkaus",
                                OFFICE, UPSTAIRS, phone="+999 17 579 4100"),
    "health/kuopio": PointData("Kuopio centrums hälsostation", "Kuopio city centre health centre",
                               HEALTH_CENTRE, STEP_FREE, phone="+999 17 182 3400"),
    "health/nilsia": PointData("Nilsiä hälsostation", "Nilsiä health centre", SMALL_HEALTH, RAMP),
    "health/juankoski": PointData("Juankoski hälsostation", "Juankoski health centre",
                                  SMALL_HEALTH, OLD_BUILDING),
    "health/maaninka": PointData("", "", [{"days": [1, 3], "from": "08:00", "to": "15:00"}],
                                 RAMP, description="Lääkäri paikalla tiistaisin; muina päivinä "
                                                   "etävastaanotto."),
    "health/siilinjarvi": PointData("Siilinjärvi hälsostation", "Siilinjärvi health centre",
                                    HEALTH_CENTRE, STEP_FREE),
    "health/varkaus": PointData("Varkaus hälsostation", "Varkaus health centre", HEALTH_CENTRE,
                                STEP_FREE, phone="+999 17 579 4200"),
    "mtp/kuopio": PointData("Mentalvårds- och missbrukartjänster, Kuopio",
                            "Mental health and substance use services, Kuopio", OFFICE, UPSTAIRS,
                            phone="+999 17 182 3500"),
    "mtp/varkaus": PointData("Mentalvårds- och missbrukartjänster, Varkaus",
                             "Mental health and substance use services, Varkaus", OFFICE,
                             STREET_LEVEL),
    "admin/kuopio": PointData("Dataskydd, registratorskontoret", "Data protection, registry",
                              [{"days": WEEKDAYS, "from": "09:00", "to": "15:00"}], STEP_FREE,
                              description="Kirjaamo ottaa vastaan tietopyynnöt."),
    "emp_kuopio/kuopio": PointData("Sysselsättningstjänster, Kuopio",
                                   "Employment services, Kuopio", OFFICE, STEP_FREE),
    "emp_varkaus/varkaus": PointData("Sysselsättningstjänster, Varkaus",
                                     "Employment services, Varkaus",
                                     [{"days": [0, 1, 2, 3], "from": "09:00", "to": "15:00"}],
                                     RAMP),
    "kela/kuopio": PointData("FPA:s serviceställe Kuopio", "Kela service point Kuopio",
                             KELA_HOURS, STEP_FREE, description="Ajanvarauksella myös "
                                                                "perjantaisin."),
    "police/kuopio": PointData("Kuopio huvudpolisstation", "Kuopio main police station",
                               POLICE_HOURS, STEP_FREE),
    "police/varkaus": PointData("Varkaus polisstation", "Varkaus police station",
                                [{"days": [0, 2, 4], "from": "09:00", "to": "15:00"}],
                                OLD_BUILDING, stale=True),
    "debt/kuopio": PointData("Ekonomi- och skuldrådgivning, Kuopio", "Debt counselling, Kuopio",
                             BY_APPOINTMENT, UPSTAIRS),
    "debt/varkaus": PointData("Ekonomi- och skuldrådgivning, Varkaus",
                              "Debt counselling, Varkaus", [{"days": [2], "from": "09:00",
                                                             "to": "15:00"}], RAMP),
    "ngo1/kuopio": PointData("Vardagsrummet Kohtaamo", "Kohtaamo drop-in living room",
                             NGO_HOURS, STREET_LEVEL, phone="+999 44 271 0550"),
    "ngo2/varkaus": PointData("Dagcenter Polku", "Polku day centre", NGO_HOURS, STREET_LEVEL,
                              stale=True),
    "experts/varkaus": PointData("", "", BY_APPOINTMENT, UPSTAIRS),
    # Where the small towns are met: once a month in the library.
    "popup/joroinen": PointData(
        "Pop-up-serviceställe Jorois, biblioteket", "Pop-up service point Joroinen, library",
        POP_UP_HOURS, STEP_FREE,
        description="Kelan, työllisyyspalvelujen ja sosiaaliohjauksen yhteinen pop-up "
                    "kuukauden ensimmäisenä tiistaina kirjaston kokoushuoneessa.",
        place=("kela", "Pop-up-palvelupiste Joroinen, kirjasto", "Joroinen", "Kauppatie 11")),
    "popup/nilsia": PointData(
        "Pop-up-serviceställe Nilsiä, biblioteket", "Pop-up service point Nilsiä, library",
        [{"days": [2], "from": "10:00", "to": "14:00"}], RAMP,
        description="Kelan ja työllisyyspalvelujen pop-up kuukauden toisena keskiviikkona; "
                    "Juankoskella samana päivänä klo 15-17.",
        place=("kela", "Pop-up-palvelupiste Nilsiä, kirjasto", "Nilsiä", "Koulutie 3")),
}


# --- Services ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ServiceData:
    org: str  # a key of data.ORGANISATIONS
    name: tuple[str, str, str]  # fi, sv, en; "" where nobody has written it
    description: tuple[str, str, str]
    classes: tuple[str, ...]  # the national catalogue's service classes
    domains: tuple[str, ...]
    decisions: str
    channels: tuple[str, ...]
    points: tuple[str, ...] = ()  # keys of POINTS
    titles: tuple[str, ...] = ()  # who gives it
    partners: tuple[str, ...] = ()  # other organisations whose people give it too
    target_groups: str = "Aikuiset"
    eligibility: str = ""
    how_to_contact: str = ""
    waiting: int | None = None
    languages: tuple[str, ...] = ("fi",)
    cost: str = "Maksuton."
    municipalities: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    web: str = ""
    stale: bool = False
    # One of its kind (a county-wide line, a named place): the seed does not repeat it per town.
    once: bool = False


COUNTY_WEB = "https://www.hyvinvointialue.example"
SERVICES = (
    # --- The county's adult social work ---
    ServiceData(
        "social", ("Aikuissosiaalityö", "Socialt arbete för vuxna", "Social work for adults"),
        ("Sosiaalityö ja -ohjaus aikuisille, joilla on vaikeuksia toimeentulon, asumisen, "
         "päihteiden tai arjen hallinnan kanssa. Palvelutarpeen arvio, asiakassuunnitelma ja "
         "omatyöntekijä.",
         "Socialt arbete och handledning för vuxna med svårigheter med försörjning, boende, "
         "missbruk eller vardagen. Bedömning av servicebehov, klientplan och egen kontaktperson.",
         "Social work and guidance for adults with difficulties in income, housing, substance "
         "use or daily life: assessment of service needs, client plan and a named worker."),
        ("P4.13", "P4.10"), (D.INCOME, D.HOUSING, D.DAILY_LIVING, D.LEGAL, D.FAMILY),
        "Tekee palvelutarpeen arvion (SHL 36 §) ja asiakassuunnitelman asiakkaan kanssa. "
        "Päättää sosiaalihuollon palveluista, kuten tuetusta asumisesta ja kuntouttavasta "
        "työtoiminnasta. Nimeää omatyöntekijän (SHL 42 §). Tekee edunvalvonnan tarpeen "
        "ilmoituksen Digi- ja väestötietovirastoon.",
        (CH.IN_PERSON, CH.PHONE, CH.HOME_VISIT),
        ("social/kuopio", "social/siilinjarvi", "social/nilsia", "social/varkaus"),
        ("sosiaalityöntekijä", "sosiaaliohjaaja", "johtava sosiaalityöntekijä", "palveluohjaaja",
         "perhetyöntekijä"),
        eligibility="Täysi-ikäiset alueen asukkaat. Ei lähetettä.",
        how_to_contact="Sosiaalihuollon neuvontapuhelin arkisin klo 9-15. Ammattilainen voi "
                       "tehdä yhteydenottopyynnön asiakkaan luvalla (SHL 35 §).",
        waiting=10, languages=("fi", "en"), phone="+999 17 182 3300",
        email="aikuissosiaalityo@hyvinvointialue.example",
        web=f"{COUNTY_WEB}/aikuissosiaalityo"),
    ServiceData(
        "social", ("Täydentävä ja ehkäisevä toimeentulotuki",
                   "Kompletterande och förebyggande utkomststöd",
                   "Supplementary and preventive social assistance"),
        ("Tukea menoihin, joita perustoimeentulotuki ei kata: vuokravakuus, vuokrarästit, "
         "muuttokulut, lasten harrastukset. Ehkäisevällä tuella estetään esimerkiksi häätö.",
         "Stöd för utgifter som det grundläggande utkomststödet inte täcker: hyresgaranti, "
         "hyresskulder, flyttkostnader, barnens hobbyer. Förebyggande stöd kan förhindra vräkning.",
         "Support for costs basic social assistance does not cover: rent deposit, rent arrears, "
         "moving costs, children's hobbies. Preventive support can avert an eviction."),
        ("P4.10",), (D.INCOME, D.HOUSING, D.FAMILY),
        "Myöntää täydentävän ja ehkäisevän toimeentulotuen. Päätös 7 arkipäivässä hakemuksen "
        "saapumisesta; kiireellisessä tilanteessa (esim. häätöuhka, ruoka loppu) samana tai "
        "seuraavana arkipäivänä.",
        (CH.E_SERVICE, CH.PHONE, CH.IN_PERSON),
        ("social/kuopio", "social/siilinjarvi", "social/nilsia", "social/varkaus"),
        ("sosiaaliohjaaja", "sosiaalityöntekijä"),
        eligibility="Perustoimeentulotuki haetaan ensin Kelasta. Kela siirtää hakemuksen "
                    "hyvinvointialueelle, kun asiakas sitä pyytää.",
        how_to_contact="Hakemus verkossa tai paperilla; neuvonta puhelimitse.",
        waiting=7, languages=("fi", "sv", "en"), phone="+999 17 182 3310",
        web=f"{COUNTY_WEB}/toimeentulotuki"),
    ServiceData(
        "social", ("Asumisneuvonta", "Boenderådgivning", "Housing counselling"),
        ("Apua, kun vuokra on rästissä, häätö uhkaa tai asunto on löydettävä: neuvottelu "
         "vuokranantajan kanssa, hakemukset ja asumisen taidot.",
         "Hjälp när hyran är obetald, vräkning hotar eller en bostad behövs: förhandling med "
         "hyresvärden, ansökningar och boendefärdigheter.",
         "Help when rent is in arrears, eviction threatens or a home must be found: talks with "
         "the landlord, applications and housing skills."),
        ("P1.1", "P1.4", "P4.13"), (D.HOUSING, D.INCOME),
        "Ei tee hallintopäätöksiä. Neuvottelee asiakkaan luvalla vuokranantajan kanssa "
        "maksusuunnitelmasta ja häädön ehkäisystä; ohjaa ehkäisevään toimeentulotukeen.",
        (CH.PHONE, CH.HOME_VISIT, CH.IN_PERSON), ("social/kuopio", "social/varkaus"),
        ("sosiaaliohjaaja", "asumisohjaaja"),
        target_groups="Vuokralla asuvat aikuiset; asunnottomat",
        how_to_contact="Soita tai pyydä yhteydenottoa; vuokranantaja voi ottaa yhteyttä "
                       "asukkaan luvalla.",
        waiting=5, municipalities=KUOPIO_AREA[:2] + VARKAUS_AREA, phone="+999 17 182 3320"),
    ServiceData(
        "social", ("Asiakaskoordinaatio ja MOTI-tiimit", "Klientkoordinering och MOTI-team",
                   "Client coordination and MOTI teams"),
        ("Kun asiakas tarvitsee yhtä aikaa monia palveluja, kuka tahansa ammattilainen voi "
         "kutsua MOTI-tiimin koolle yhdessä asiakkaan kanssa. Koordinaattoripari kokoaa "
         "tiimin, pitää suunnitelman ajan tasalla ja seuraa sovittua.",
         "När klienten behöver många tjänster på samma gång kan vilken yrkesperson som helst "
         "sammankalla ett MOTI-team tillsammans med klienten.",
         "When a client needs many services at once, any professional may convene a MOTI team "
         "together with the client; a pair of coordinators runs it."),
        ("P4.13", "P5.17"),
        (D.MENTAL_HEALTH, D.SUBSTANCE, D.HOUSING, D.INCOME, D.WORK, D.LONELINESS, D.ACCESS),
        "Ei tee etuus- tai palvelupäätöksiä. Sopii tiimin kokoonpanosta asiakkaan kanssa, "
        "nimeää koordinaattoriparin ja yhdessä tiimin kanssa vastuutyöntekijän.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO), ("social/kuopio", "social/varkaus"),
        ("asiakaskoordinaattori",), partners=("health",),
        eligibility="Asiakkaan suostumus monialaiseen työhön.",
        how_to_contact="Huoli kirjataan Motiin asiakkaan kanssa; koordinaattori ottaa yhteyttä "
                       "kahden arkipäivän kuluessa.",
        waiting=2, languages=("fi", "sv"), phone="+999 17 182 3330"),
    ServiceData(
        "social", ("Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte",
                   "Rehabilitative work activity"),
        ("Työtoimintaa 1-4 päivänä viikossa pitkään työttömänä olleille: rytmiä arkeen, "
         "työkyvyn arviota ja polku työhön tai koulutukseen. Toimintapaikkoja myös järjestöissä.",
         "Arbetsverksamhet 1-4 dagar i veckan för långtidsarbetslösa: rytm i vardagen och en "
         "väg till arbete eller studier.", ""),
        ("P4.8", "P10.7"), (D.WORK, D.DAILY_LIVING, D.LONELINESS),
        "Sosiaalityöntekijä päättää kuntouttavasta työtoiminnasta aktivointisuunnitelman "
        "perusteella; suunnitelma tehdään yhdessä työllisyyspalvelujen ja asiakkaan kanssa. "
        "Toimintaraha ja matkakorvaus maksetaan Kelasta.",
        (CH.IN_PERSON,), ("social/kuopio", "social/varkaus", "ngo2/varkaus"),
        ("sosiaalityöntekijä",),
        eligibility="Pitkään työttömänä ollut, jolle on tehty aktivointisuunnitelma.",
        waiting=21, cost="Maksuton; toimintaraha 9 €/päivä ja matkakulut korvataan.",
        municipalities=KUOPIO_AREA + VARKAUS_AREA),
    # --- Health centres ---
    ServiceData(
        "health", ("Terveysaseman vastaanotto", "Hälsostationens mottagning",
                   "Health centre appointments"),
        ("Lääkärin ja hoitajan vastaanotto kiireettömissä ja kiireellisissä asioissa, "
         "pitkäaikaissairauksien hoito ja terveystarkastukset.",
         "Läkar- och skötarmottagning i brådskande och icke-brådskande ärenden, vård av "
         "långtidssjukdomar och hälsokontroller.",
         "Doctor's and nurse's appointments, urgent and non-urgent; care of long-term illness "
         "and health checks."),
        ("P5.1", "P5.8"), (D.HEALTH, D.MENTAL_HEALTH),
        "Lääkäri arvioi työkyvyn, kirjoittaa sairauslomatodistukset ja B-lausunnot (Kelan "
        "kuntoutus, sairauspäiväraha) ja tekee lähetteet erikoissairaanhoitoon. Hoitaja tekee "
        "hoidon tarpeen arvion.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO, CH.E_SERVICE),
        ("health/kuopio", "health/nilsia", "health/juankoski", "health/maaninka",
         "health/siilinjarvi", "health/varkaus"),
        ("yleislääkäri", "sairaanhoitaja", "terveydenhoitaja", "lähihoitaja", "fysioterapeutti",
         "toimintaterapeutti", "kotihoidon sairaanhoitaja"),
        how_to_contact="Ajanvaraus puhelimitse arkisin klo 8-15 tai chatissa; kiireelliset "
                       "asiat aamupäivällä.",
        waiting=14, languages=("fi", "sv", "en"), cost="Käyntimaksu 23,60 € (ei alle 18-v.).",
        phone="+999 17 182 3400", web=f"{COUNTY_WEB}/terveysasemat"),
    ServiceData(
        "health", ("Etävastaanotto", "Distansmottagning", "Remote appointments"),
        ("Lääkärin ja hoitajan videovastaanotto pienten taajamien asukkaille: ei matkaa "
         "Kuopioon. Terveysasemalla voi käyttää laitetta hoitajan avustamana.",
         "Videomottagning hos läkare och skötare för invånare i småorterna.", ""),
        ("P5.1", "P5.17"), (D.HEALTH, D.ACCESS),
        "Kuten vastaanotolla: lääkäri voi kirjoittaa reseptit, todistukset ja lähetteet.",
        (CH.VIDEO, CH.PHONE), ("health/nilsia", "health/juankoski", "health/maaninka"),
        ("yleislääkäri", "sairaanhoitaja"),
        eligibility="Alueen asukkaat; video- tai puhelinyhteys, tarvittaessa terveysasemalla.",
        waiting=3, municipalities=("Nilsiä", "Juankoski", "Maaninka"),
        cost="Käyntimaksu 23,60 €."),
    ServiceData(
        "health", ("Liikkuva terveyspiste", "Mobil hälsopunkt", "Mobile health unit"),
        ("Terveysbussi kiertää kylissä: verenpaineen ja verensokerin mittaus, rokotukset, "
         "haavanhoito ja neuvonta ilman ajanvarausta.", "", ""),
        ("P5.1", "P5.3"), (D.HEALTH, D.ACCESS),
        "Hoitaja tekee hoidon tarpeen arvion ja varaa tarvittaessa lääkäriajan.",
        (CH.POP_UP,), ("popup/joroinen", "popup/nilsia"), ("sairaanhoitaja",),
        how_to_contact="Aikataulu kirjastoissa, kauppojen ilmoitustauluilla ja verkossa.",
        waiting=0, municipalities=SMALL_TOWNS, cost="Maksuton."),
    # --- Mental health and substance use services ---
    ServiceData(
        "mtp", ("Mielenterveys- ja päihdepalvelujen avohoito",
                "Öppenvård för mental hälsa och missbruk",
                "Outpatient mental health and substance use services"),
        ("Arvio, hoito ja tuki masennukseen, ahdistukseen, päihteisiin ja riippuvuuksiin, "
         "myös rahapelaamiseen. Mielenterveys- ja päihdearvio tehdään samalla käynnillä: "
         "ketään ei käännytetä toiselle luukulle.",
         "Bedömning, vård och stöd vid depression, ångest, missbruk och beroenden. Mental hälsa "
         "och missbruk bedöms vid samma besök.",
         "Assessment, treatment and support for depression, anxiety, substance use and "
         "addictions, gambling too; mental health and substance use assessed at one visit."),
        ("P5.7",), (D.MENTAL_HEALTH, D.SUBSTANCE),
        "Tekee hoidon tarpeen arvion ja hoitosuunnitelman; ohjaa psykiatriseen "
        "erikoissairaanhoitoon ja valmistelee päihdekuntoutuksen maksusitoumuksen.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO, CH.HOME_VISIT), ("mtp/kuopio", "mtp/varkaus"),
        ("psykiatrinen sairaanhoitaja", "päihdetyöntekijä", "psykologi", "mielenterveyshoitaja"),
        eligibility="Ei lähetettä. Päihteettömyyttä ei vaadita hoidon aloittamiseksi.",
        how_to_contact="Ajanvaraus puhelimitse arkisin klo 8-14; kiireellisesti päivystykseen.",
        waiting=21, languages=("fi", "sv"), cost="Maksuton.", phone="+999 17 182 3500",
        web=f"{COUNTY_WEB}/mielenterveys-ja-paihdepalvelut"),
    ServiceData(
        "mtp", ("Päihdekuntoutus (laitosjakso)", "Missbrukarrehabilitering på institution",
                "Residential substance use rehabilitation"),
        ("Ympärivuorokautinen 4-8 viikon kuntoutusjakso, kun avohoito ei riitä. Katkaisuhoito "
         "päivystyksellisesti. Jakson jälkeen jatko avohoidossa ja vertaistuessa.",
         "Rehabilitering dygnet runt i 4-8 veckor när öppenvården inte räcker.",
         "A residential rehabilitation period of 4-8 weeks when outpatient care is not "
         "enough."),
        ("P5.7", "P5.13"), (D.SUBSTANCE, D.MENTAL_HEALTH),
        "Päihdepalvelujen sosiaalityöntekijä päättää laitosjaksosta ja maksusitoumuksesta "
        "avohoidon arvion perusteella. Jakson päättyessä sovitaan jatkohoito ennen kotiutusta.",
        (CH.IN_PERSON,), ("mtp/kuopio",), ("päihdetyöntekijä",),
        eligibility="Avohoidon arvio ja maksusitoumus.",
        how_to_contact="Avohoidon työntekijän kautta.",
        waiting=30, cost="Asiakasmaksu vuorokaudelta; voidaan maksaa toimeentulotuesta."),
    ServiceData(
        "mtp", ("Mielenterveys- ja päihdeneuvonta ruotsiksi",
                "Rådgivning om mental hälsa och missbruk på svenska",
                "Mental health and substance use advice in Swedish"),
        ("", "Telefonrådgivning och videosamtal på svenska för hela välfärdsområdet. Vi hjälper "
             "dig vidare till rätt vård och ordnar tolk vid behov.",
         "Phone and video advice in Swedish for the whole county."),
        ("P5.7", "P5.17"), (D.MENTAL_HEALTH, D.SUBSTANCE, D.ACCESS),
        "Gör en bedömning av vårdbehovet och bokar tid i öppenvården.",
        (CH.PHONE, CH.VIDEO), (), ("psykiatrinen sairaanhoitaja",),
        how_to_contact="Ring vardagar kl. 9-12.", waiting=1, languages=("sv",),
        phone="+999 17 182 3590", once=True),
    # --- Data protection ---
    ServiceData(
        "admin", ("Omien tietojen ja lokitietojen pyytäminen",
                  "Begäran om egna uppgifter och loggdata",
                  "Requests for your own data and its log"),
        ("Voit pyytää tiedot siitä, kuka on käsitellyt asiakastietojasi ja kenelle niitä on "
         "luovutettu (laki 703/2023), sekä kopion omista tiedoistasi.",
         "Du kan begära uppgifter om vem som har behandlat dina klientuppgifter och till vem de "
         "har lämnats ut.",
         "You may ask who has processed your client data and to whom it was disclosed."),
        ("P7.9", "P9.2"), (D.LEGAL, D.ACCESS),
        "Tietosuojavastaava vastaa pyyntöön kuukauden kuluessa; kieltäytymisestä annetaan "
        "kirjallinen päätös ja valitusosoitus.",
        (CH.E_SERVICE, CH.IN_PERSON), ("admin/kuopio",), ("tietosuojavastaava",),
        eligibility="Asiakas itse tai hänen laillinen edustajansa; henkilöllisyys "
                    "tarkistetaan.",
        waiting=30, languages=("fi", "sv", "en"),
        email="tietosuoja@hyvinvointialue.example", once=True),
    # --- Employment services ---
    ServiceData(
        "emp_kuopio", ("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
        ("Työnhaku, työllistymissuunnitelma, työkokeilu, koulutus ja palkkatuki.",
         "Arbetssökning, sysselsättningsplan, arbetsprövning, utbildning och lönesubvention.",
         "Job search, employment plan, work trials, training and pay subsidy."),
        ("P10.1", "P10.2", "P10.6"), (D.WORK, D.INCOME),
        "Tekee työllistymissuunnitelman. Antaa työvoimapoliittiset lausunnot Kelalle ja "
        "työttömyyskassalle. Päättää palkkatuesta, työkokeilusta ja työvoimakoulutuksesta.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO, CH.E_SERVICE), ("emp_kuopio/kuopio",),
        ("työllisyysasiantuntija", "työkykykoordinaattori"),
        eligibility="Työnhakijaksi ilmoittautuneet.",
        how_to_contact="Ilmoittaudu työnhakijaksi verkossa; ajanvaraus puhelimitse.",
        waiting=14, languages=("fi", "en"), municipalities=KUOPIO_AREA,
        phone="+999 29 502 1100", web="https://www.tyollisyys.example/kuopio"),
    ServiceData(
        "emp_varkaus", ("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
        ("Työnhaku, työllistymissuunnitelma, työkokeilu ja palkkatuki Varkauden seudulla.",
         "Arbetssökning, sysselsättningsplan, arbetsprövning och lönesubvention i "
         "Varkausregionen.", ""),
        ("P10.1", "P10.6"), (D.WORK, D.INCOME),
        "Tekee työllistymissuunnitelman ja antaa työvoimapoliittiset lausunnot. Päättää "
        "palkkatuesta ja työkokeilusta.",
        (CH.IN_PERSON, CH.PHONE, CH.POP_UP), ("emp_varkaus/varkaus", "popup/joroinen"),
        ("työllisyysasiantuntija",),
        how_to_contact="Joroisissa pop-up kirjastossa kuukauden ensimmäisenä tiistaina.",
        waiting=10, municipalities=VARKAUS_AREA, phone="+999 29 502 1200"),
    ServiceData(
        "emp_kuopio", ("Työkyvyn tuki", "Stöd för arbetsförmågan", "Work ability support"),
        ("Kun terveys rajoittaa työntekoa: työkyvyn selvitys yhdessä terveysaseman lääkärin "
         "kanssa ja polku ammatilliseen kuntoutukseen.", "", ""),
        ("P10.4", "P5.13"), (D.WORK, D.HEALTH, D.MENTAL_HEALTH),
        "Ei tee etuuspäätöksiä. Selvittää työkyvyn yhdessä lääkärin kanssa ja valmistelee "
        "ammatillisen kuntoutuksen hakemuksen Kelaan tai työeläkelaitokseen.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO), ("emp_kuopio/kuopio",), ("työkykykoordinaattori",),
        waiting=30, municipalities=KUOPIO_AREA),
    # --- Kela ---
    ServiceData(
        "kela", ("Perustoimeentulotuki", "Grundläggande utkomststöd", "Basic social assistance"),
        ("Viimesijainen tuki välttämättömiin menoihin, kun tulot ja varat eivät riitä.",
         "Ett sista hands stöd för nödvändiga utgifter när inkomster och tillgångar inte räcker.",
         "Last-resort support for essential costs when income and assets are not enough."),
        ("P4.10",), (D.INCOME, D.HOUSING),
        "Myöntää perustoimeentulotuen (Kela); tekee päätöksen 7 arkipäivässä, kun hakemus "
        "liitteineen on saapunut. Siirtää hakemuksen hyvinvointialueelle täydentävää ja "
        "ehkäisevää tukea varten, kun asiakas sitä pyytää.",
        (CH.E_SERVICE, CH.PHONE, CH.IN_PERSON), ("kela/kuopio", "popup/joroinen",
                                                 "popup/nilsia"),
        ("Kela-virkailija",),
        eligibility="Muut etuudet (asumistuki, työttömyysetuus) haetaan ensin.",
        how_to_contact="Hakemus OmaKelassa tai paperilla; ajanvaraus palvelupisteeseen.",
        waiting=7, languages=("fi", "sv", "en"), phone="+999 20 692 207",
        web="https://www.kela.example/toimeentulotuki"),
    ServiceData(
        "kela", ("Kelan kuntoutus", "FPA:s rehabilitering", "Kela rehabilitation"),
        ("Ammatillinen kuntoutus, kuntoutuspsykoterapia ja harkinnanvarainen kuntoutus.",
         "Yrkesinriktad rehabilitering, rehabiliterande psykoterapi och "
         "prövningsbaserad rehabilitering.",
         "Vocational rehabilitation, rehabilitative psychotherapy and discretionary "
         "rehabilitation."),
        ("P5.13", "P10.4"), (D.WORK, D.HEALTH, D.MENTAL_HEALTH),
        "Päättää ammatillisesta kuntoutuksesta, kuntoutuspsykoterapiasta ja "
        "harkinnanvaraisesta kuntoutuksesta; käsittelyaika noin 5 viikkoa. Tarvitsee lääkärin "
        "B-lausunnon.",
        (CH.E_SERVICE, CH.PHONE, CH.IN_PERSON), ("kela/kuopio",), ("Kela-virkailija",),
        waiting=35, languages=("fi", "sv", "en"), phone="+999 20 692 205"),
    ServiceData(
        "kela", ("Yleinen asumistuki", "Allmänt bostadsbidrag", "General housing allowance"),
        ("Tuki asumismenoihin pienituloisille ruokakunnille.",
         "Stöd för boendeutgifter för hushåll med låga inkomster.",
         "Support for housing costs for low-income households."),
        ("P1.4",), (D.HOUSING, D.INCOME),
        "Myöntää yleisen asumistuen; käsittelyaika noin 3 viikkoa.",
        (CH.E_SERVICE, CH.PHONE), ("kela/kuopio",), ("Kela-virkailija",),
        waiting=21, languages=("fi", "sv", "en")),
    ServiceData(
        "kela", ("Kelan palvelunumero ruotsiksi", "FPA:s servicenummer på svenska",
                 "Kela's service line in Swedish"),
        ("", "Service på svenska i alla FPA-ärenden: utkomststöd, bostadsbidrag, "
             "rehabilitering och sjukdagpenning.", ""),
        ("P4.10", "P1.4"), (D.INCOME, D.HOUSING, D.ACCESS),
        "Handlägger ärenden på svenska; beslut om grundläggande utkomststöd inom 7 vardagar.",
        (CH.PHONE,), (), ("Kela-virkailija",), how_to_contact="Vardagar kl. 9-16.", waiting=0,
        languages=("sv",), phone="+999 20 692 225", once=True),
    ServiceData(
        "kela", ("Kelan ja työllisyyspalvelujen pop-up", "FPA:s och sysselsättningstjänsternas "
                                                         "pop-up", "Kela and employment pop-up"),
        ("Kela ja työllisyyspalvelut tulevat kirjastoon kerran kuussa: apua hakemuksiin ja "
         "verkkoasiointiin ilman matkaa Kuopioon.", "", ""),
        ("P4.10", "P9.4"), (D.INCOME, D.WORK, D.ACCESS),
        "Ei päätöksiä paikan päällä; hakemukset otetaan vastaan ja käsitellään normaalisti.",
        (CH.POP_UP,), ("popup/joroinen", "popup/nilsia"), ("Kela-virkailija",),
        waiting=0, municipalities=SMALL_TOWNS, once=True),
    # --- Police ---
    ServiceData(
        "police", ("Ennalta estävä toiminta", "Förebyggande polisverksamhet",
                   "Preventive policing"),
        ("Poliisin yhteyshenkilöt monialaiseen yhteistyöhön: kertovat, mitä poliisi voi ja ei "
         "voi tehdä, ja tapaavat asiakkaita ennen kuin tilanne kärjistyy.",
         "Polisens kontaktpersoner i sektorsövergripande samarbete.",
         "The police's contact people for multi-agency work."),
        ("P20.1", "P7.5"), (D.SAFETY, D.SUBSTANCE, D.LONELINESS),
        "Ei tee sosiaali- tai terveyspalvelujen päätöksiä. Tekee huoli-ilmoituksen "
        "(SHL 35 §) ja voi asiakkaan luvalla ilmoittaa koordinaattorille, kun asiakas "
        "tavataan päihtyneenä.",
        (CH.IN_PERSON, CH.PHONE), ("police/kuopio", "police/varkaus"),
        ("ennalta estävän toiminnan poliisi", "vanhempi konstaapeli"),
        how_to_contact="Ammattilaiset: yhteyshenkilön puhelin. Hätätilanteessa 112.",
        phone="+999 29 548 1000"),
    ServiceData(
        "police", ("Lähestymiskielto", "Besöksförbud", "Restraining order"),
        ("Lähestymiskieltoa haetaan poliisilta, kun joku uhkaa henkeä, terveyttä tai "
         "rauhaa. Kiireellisessä tilanteessa väliaikainen kielto heti.",
         "Besöksförbud söks hos polisen när någon hotar liv, hälsa eller frid.", ""),
        ("P7.5", "P7.1"), (D.SAFETY, D.LEGAL, D.FAMILY),
        "Poliisi tutkii hakemuksen ja vie asian käräjäoikeuteen, joka päättää "
        "lähestymiskiellosta. Väliaikaisen kiellon voi määrätä pidättämiseen oikeutettu "
        "virkamies heti.",
        (CH.IN_PERSON, CH.PHONE, CH.E_SERVICE), ("police/kuopio", "police/varkaus"),
        ("vanhempi konstaapeli",),
        how_to_contact="Hakemus poliisiasemalla tai verkossa; hätätilanteessa 112.",
        languages=("fi", "sv", "en"), stale=True),
    # --- Debt counselling ---
    ServiceData(
        "debt", ("Talous- ja velkaneuvonta", "Ekonomi- och skuldrådgivning",
                 "Financial and debt counselling"),
        ("Apua velkojen selvittämiseen, maksusuunnitelmiin, sosiaaliseen luottoon ja "
         "velkajärjestelyyn. Jonotusaika on noin kuusi kuukautta; ulosotto- ja häätöuhka "
         "nopeammin.",
         "Hjälp att reda ut skulder, betalningsplaner och skuldsanering. Kötiden är cirka sex "
         "månader.",
         "Help with debts, repayment plans and debt restructuring. The queue is about six "
         "months."),
        ("P15.1", "P15.5"), (D.INCOME, D.LEGAL),
        "Ei myönnä rahaa eikä lainaa. Laatii velkajärjestelyhakemuksen käräjäoikeuteen ja "
        "neuvottelee velkojien kanssa maksusuunnitelmista.",
        (CH.PHONE, CH.IN_PERSON, CH.VIDEO), ("debt/kuopio", "debt/varkaus"),
        ("talous- ja velkaneuvoja",),
        eligibility="Yksityishenkilöt, joilla on maksuvaikeuksia.",
        how_to_contact="Ajanvaraus puhelimitse; jonoon pääsee myös sosiaalityöntekijän "
                       "kautta.",
        waiting=180, languages=("fi", "en"), phone="+999 29 566 2300",
        web="https://www.oikeus.example/velkaneuvonta"),
    ServiceData(
        "debt", ("Talous- ja velkaneuvonnan puhelinneuvonta", "", ""),
        ("Nopea neuvonta puhelimessa jonotusaikana: mitä tehdä perintäkirjeelle ja "
         "ulosottoilmoitukselle nyt.", "", ""),
        ("P15.1",), (D.INCOME,),
        "Ei tee päätöksiä; neuvoo ja arvioi, onko tilanne kiireellinen.",
        (CH.PHONE,), (), ("talous- ja velkaneuvoja",),
        how_to_contact="Ma-to klo 9-12.", waiting=2, phone="+999 29 566 2350", once=True),
    # --- NGOs and experience experts ---
    ServiceData(
        "ngo1", ("Olohuone Kohtaamo", "Vardagsrummet Kohtaamo", "Kohtaamo drop-in living room"),
        ("Kohtaamispaikka kaikille: kahvia, seuraa, apua kirjeisiin ja hakemuksiin. Ei "
         "ajanvarausta eikä kirjaamista.",
         "En mötesplats för alla: kaffe, sällskap och hjälp med brev och ansökningar.",
         "A drop-in for everyone: coffee, company, help with letters and applications."),
        ("P4.12", "P5.16"), (D.LONELINESS, D.SUBSTANCE, D.DAILY_LIVING, D.ACCESS),
        "Ei tee viranomaispäätöksiä. Auttaa hakemusten kanssa, saattaa palveluihin ja voi "
        "nostaa huolen yhdessä asiakkaan kanssa.",
        (CH.IN_PERSON,), ("ngo1/kuopio",), ("järjestötyöntekijä", "vertaistukikoordinaattori"),
        target_groups="Kaikki aikuiset; myös päihteitä käyttävät",
        eligibility="Avoin kaikille. Päihtyneenäkin saa tulla, kunhan ei häiritse muita.",
        waiting=0, cost="Maksuton; kahvi 0,50 €.", phone="+999 44 271 0550",
        web="https://www.kohtaamo.example", once=True),
    ServiceData(
        "ngo1", ("Vertaistukiryhmät", "Kamratstödsgrupper", "Peer support groups"),
        ("Vertaisryhmät mielenterveyden, päihteiden ja rahapelaamisen kanssa eläville ja "
         "heidän läheisilleen.", "Kamratstödsgrupper för personer med psykisk ohälsa eller "
                                 "missbruk och deras närstående.", ""),
        ("P4.12", "P5.16"), (D.MENTAL_HEALTH, D.SUBSTANCE, D.LONELINESS, D.FAMILY),
        "Ei tee päätöksiä; ryhmään pääsee ilman lähetettä.",
        (CH.IN_PERSON, CH.VIDEO), ("ngo1/kuopio",),
        ("vertaistukikoordinaattori", "vertaisohjaaja", "vapaaehtoistoiminnan koordinaattori"),
        waiting=14),
    ServiceData(
        "ngo1", ("Digituki", "", ""),
        ("Apua verkkopankkitunnuksiin, OmaKelaan ja sähköiseen asiointiin.", "", ""),
        ("P9.4",), (D.ACCESS,), "Ei tee päätöksiä.", (CH.IN_PERSON, CH.PHONE),
        ("ngo1/kuopio",), ("järjestötyöntekijä",), waiting=3),
    ServiceData(
        "ngo2", ("Päiväkeskus Polku", "Dagcenter Polku", "Polku day centre"),
        ("Päivätoimintaa, edullinen lounas ja seuraa Varkaudessa. Kuntouttavan työtoiminnan "
         "paikka.", "Dagverksamhet, förmånlig lunch och sällskap i Varkaus.",
         "Day activities, an affordable lunch and company in Varkaus."),
        ("P4.12",), (D.LONELINESS, D.SUBSTANCE, D.DAILY_LIVING),
        "Ei tee viranomaispäätöksiä. Työntekijä lähtee tarvittaessa mukaan ensimmäiselle "
        "käynnille palveluun.",
        (CH.IN_PERSON,), ("ngo2/varkaus",), ("järjestötyöntekijä",), waiting=0,
        languages=("fi", "sv"), cost="Lounas 4 €.", municipalities=VARKAUS_AREA, stale=True,
        once=True),
    ServiceData(
        "ngo2", ("Ruotsinkielinen senioritapaaminen", "Svenskspråkig seniorträff",
                 "Swedish-speaking seniors' meeting"),
        ("", "Träff för svenskspråkiga seniorer varannan torsdag: kaffe, samtal och ibland "
             "en gemensam lunch.", "Fortnightly meeting for Swedish-speaking older people."),
        ("P4.12", "P4.2"), (D.LONELINESS,),
        "Inga myndighetsbeslut.", (CH.IN_PERSON,), ("ngo2/varkaus",), ("järjestötyöntekijä",),
        target_groups="Ruotsinkieliset ikäihmiset", waiting=0, languages=("sv",), once=True),
    ServiceData(
        "experts", ("Kokemusasiantuntijatoiminta", "Erfarenhetsexperter", "Experience experts"),
        ("Koulutettu kokemusasiantuntija mukaan MOTI-tiimiin asiakkaan toiveesta: kertoo "
         "omasta kokemuksestaan ja kulkee rinnalla tapaamisissa.",
         "En utbildad erfarenhetsexpert med i MOTI-teamet på klientens önskan.",
         "A trained experience expert joins the MOTI team if the client wishes."),
        ("P4.12", "P5.16"), (D.SUBSTANCE, D.MENTAL_HEALTH, D.LONELINESS),
        "Ei tee päätöksiä eikä lue asiakasasiakirjoja; on mukana vain asiakkaan luvalla.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO), ("experts/varkaus",), ("kokemusasiantuntija",),
        how_to_contact="Koordinaattori pyytää kokemusasiantuntijaa yhdistyksen puhelimesta.",
        waiting=7, municipalities=VARKAUS_AREA, phone="+999 44 318 2200", once=True),
)

# --- People: what each title does and decides ---------------------------------------------

# title: (responsibilities, what they decide, expertise)
TITLE_ROLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "asiakaskoordinaattori": (
        "Kutsuu MOTI-tiimit koolle asiakkaan kanssa, pitää suunnitelman ajan tasalla ja "
        "seuraa sovittuja asioita; työpari toisen koordinaattorin kanssa.",
        "Ei tee etuus- tai palvelupäätöksiä. Sopii tiimin kokoonpanosta asiakkaan kanssa ja "
        "nimeää vastuutyöntekijän yhdessä tiimin kanssa.",
        (D.HOUSING, D.INCOME, D.DAILY_LIVING, D.LONELINESS, D.ACCESS)),
    "sosiaalityöntekijä": (
        "Palvelutarpeen arvio, asiakassuunnitelma ja omatyöntekijyys; asumisen ja toimeentulon "
        "kriisit.",
        "Päättää sosiaalihuollon palveluista sekä täydentävästä ja ehkäisevästä "
        "toimeentulotuesta; tekee edunvalvonnan tarpeen ilmoituksen.",
        (D.INCOME, D.HOUSING, D.FAMILY, D.LEGAL, D.SUBSTANCE)),
    "sosiaaliohjaaja": (
        "Arjen tuki, asumisen ja asioinnin ohjaus, kotikäynnit.",
        "Tekee täydentävän toimeentulotuen päätöksiä delegoinnin rajoissa; valmistelee muut "
        "päätökset sosiaalityöntekijälle.",
        (D.HOUSING, D.DAILY_LIVING, D.ACCESS, D.INCOME)),
    "johtava sosiaalityöntekijä": (
        "Aikuissosiaalityön esihenkilö: resurssit, yhteistyösopimukset ja toimintaohjeet.",
        "Päättää maksusitoumuksista yli delegointirajan ja käsittelee oikaisuvaatimukset.",
        (D.INCOME, D.HOUSING, D.LEGAL)),
    "terveydenhoitaja": (
        "Terveydenhoitajan vastaanotto, terveystarkastukset ja pitkäaikaissairauksien seuranta.",
        "Tekee hoidon tarpeen arvion ja ohjaa lääkärille.",
        (D.HEALTH, D.FAMILY, D.DAILY_LIVING)),
    "sairaanhoitaja": (
        "Hoitajan vastaanotto, lääkityksen seuranta, diabetes- ja verenpainehoitajan työ.",
        "Tekee hoidon tarpeen arvion; aloittaa hoitoprotokollan mukaiset hoidot.",
        (D.HEALTH, D.DAILY_LIVING)),
    "yleislääkäri": (
        "Terveysaseman lääkärin vastaanotto ja työkyvyn arvio.",
        "Kirjoittaa sairauslomatodistukset ja B-lausunnot (Kela, kuntoutus); tekee lähetteet "
        "erikoissairaanhoitoon ja päihdekuntoutukseen.",
        (D.HEALTH, D.MENTAL_HEALTH, D.WORK)),
    "psykiatrinen sairaanhoitaja": (
        "Mielenterveyden avohoito: arvio, hoitokontakti ja kotikäynnit.",
        "Tekee hoidon tarpeen arvion ja hoitosuunnitelman; ohjaa lääkärille ja psykologille.",
        (D.MENTAL_HEALTH, D.SUBSTANCE, D.DAILY_LIVING)),
    "päihdetyöntekijä": (
        "Päihde- ja riippuvuustyö, myös rahapelaaminen; hoitoon ohjaus ja vertaisryhmät.",
        "Tekee päihdearvion ja valmistelee päihdekuntoutuksen maksusitoumuksen.",
        (D.SUBSTANCE, D.MENTAL_HEALTH)),
    "psykologi": (
        "Psykologinen arvio, lyhytterapia, perhe- ja pariskuntatapaamiset.",
        "Tekee psykologiset tutkimukset ja lausunnot, esimerkiksi kuntoutuspsykoterapiaa "
        "varten.",
        (D.MENTAL_HEALTH, D.FAMILY)),
    "työllisyysasiantuntija": (
        "Työnhaku, työllistymissuunnitelma, työkokeilu, koulutus ja palkkatuki.",
        "Päättää työkokeilusta ja palkkatuesta; antaa työvoimapoliittisen lausunnon Kelalle "
        "ja työttömyyskassalle.",
        (D.WORK, D.INCOME)),
    "työkykykoordinaattori": (
        "Työkyvyn tuki: selvittää työkyvyn ja kuntoutusvaihtoehdot yhdessä lääkärin kanssa.",
        "Ei tee etuuspäätöksiä; valmistelee ammatillisen kuntoutuksen hakemuksen.",
        (D.WORK, D.HEALTH, D.MENTAL_HEALTH)),
    "Kela-virkailija": (
        "Kelan etuudet: perustoimeentulotuki, asumistuki, kuntoutus ja sairauspäiväraha.",
        "Ratkaisee perustoimeentulotukihakemukset (päätös 7 arkipäivässä); siirtää hakemuksen "
        "hyvinvointialueelle täydentävää tukea varten.",
        (D.INCOME, D.HOUSING, D.WORK, D.ACCESS)),
    "ennalta estävän toiminnan poliisi": (
        "Ennalta estävä poliisityö ja monialainen yhteistyö; kertoo, mitä poliisi voi ja ei voi "
        "tehdä.",
        "Tekee huoli-ilmoituksia (SHL 35 §) ja ottaa vastaan rikosilmoituksia; ei päätä "
        "sosiaali- tai terveyspalveluista.",
        (D.SAFETY, D.SUBSTANCE, D.LEGAL)),
    "vanhempi konstaapeli": (
        "Poliisin yhteyshenkilö Varkauden MOTI-verkostossa; lähestymiskieltoasiat.",
        "Tekee huoli-ilmoituksia ja ottaa vastaan lähestymiskieltohakemukset; ei päätä "
        "sosiaali- tai terveyspalveluista.",
        (D.SAFETY, D.LEGAL, D.FAMILY)),
    "talous- ja velkaneuvoja": (
        "Talous- ja velkaneuvonta: budjetti, maksusuunnitelmat ja velkajärjestely.",
        "Ei myönnä rahaa; laatii velkajärjestelyhakemuksen käräjäoikeuteen ja neuvottelee "
        "velkojien kanssa.",
        (D.INCOME, D.LEGAL)),
    "vertaistukikoordinaattori": (
        "Vertaistukiryhmät, vapaaehtoiset ja kohtaamispaikan toiminta.",
        "Ei tee viranomaispäätöksiä; päättää ryhmiin ottamisesta.",
        (D.LONELINESS, D.MENTAL_HEALTH, D.SUBSTANCE)),
    "järjestötyöntekijä": (
        "Järjestön kohtaamispaikka ja päivätoiminta, arjen seura, saattaen palveluihin.",
        "Ei tee viranomaispäätöksiä.",
        (D.LONELINESS, D.DAILY_LIVING, D.ACCESS)),
    "kokemusasiantuntija": (
        "Kokemusasiantuntija MOTI-tiimeissä asiakkaan toiveesta; kokemus asunnottomuudesta "
        "ja päihteistä.",
        "Ei tee päätöksiä eikä lue asiakasasiakirjoja; mukana vain asiakkaan luvalla.",
        (D.SUBSTANCE, D.MENTAL_HEALTH, D.LONELINESS)),
    "tietosuojavastaava": (
        "Tietosuoja: käyttölokien valvonta, hätäkäyttöjen tarkastus ja asiakkaiden "
        "tietopyynnöt.",
        "Vastaa asiakkaan pyyntöön tietää, kuka on käsitellyt ja kenelle on luovutettu hänen "
        "tietojaan (laki 703/2023).",
        (D.LEGAL,)),
    "käyttöoikeuksien pääkäyttäjä": (
        "Käyttöoikeudet ja palvelutietojen ylläpito.",
        "Myöntää ja poistaa käyttöoikeudet roolien mukaan; ylläpitää palvelutietoja.", ()),
    # People of the county seed who are in the directory but do not sign in to Moti.
    "palveluohjaaja": ("Palveluohjaus ja neuvonta: oikea palvelu ensimmäisellä yhteydellä.",
                       "Ei tee päätöksiä; ohjaa palvelutarpeen arvioon.",
                       (D.ACCESS, D.DAILY_LIVING, D.INCOME)),
    "asumisohjaaja": ("Tuetun asumisen ohjaus kotikäynnein.",
                      "Ei tee päätöksiä; raportoi asumisen tilanteesta sosiaalityöntekijälle.",
                      (D.HOUSING, D.DAILY_LIVING, D.SUBSTANCE)),
    "perhetyöntekijä": ("Perhetyö kotona: arjen rytmi ja vanhemmuuden tuki.",
                        "Ei tee päätöksiä.", (D.FAMILY, D.DAILY_LIVING)),
    "lähihoitaja": ("Kotihoito ja vastaanoton avustavat tehtävät.", "Ei tee päätöksiä.",
                    (D.HEALTH, D.DAILY_LIVING)),
    "fysioterapeutti": ("Fysioterapia, liikkumisen arvio ja apuvälineet.",
                        "Päättää apuvälineiden lainaamisesta.", (D.HEALTH, D.WORK)),
    "toimintaterapeutti": ("Toimintakyvyn arvio ja arjen taitojen harjoittelu.",
                           "Tekee toimintakyvyn lausunnot.", (D.HEALTH, D.DAILY_LIVING)),
    "kotihoidon sairaanhoitaja": ("Kotisairaanhoito ja lääkehoidon seuranta kotona.",
                                  "Tekee hoidon tarpeen arvion kotihoidossa.",
                                  (D.HEALTH, D.DAILY_LIVING)),
    "mielenterveyshoitaja": ("Mielenterveyden tuki terveysasemalla ja kotona.",
                             "Tekee hoidon tarpeen arvion.", (D.MENTAL_HEALTH,)),
    "vapaaehtoistoiminnan koordinaattori": ("Vapaaehtoisten ja tukihenkilöiden välitys.",
                                            "Päättää tukihenkilön välittämisestä.",
                                            (D.LONELINESS, D.DAILY_LIVING)),
    "vertaisohjaaja": ("Vertaisryhmien ohjaus.", "Ei tee päätöksiä.",
                       (D.LONELINESS, D.SUBSTANCE, D.MENTAL_HEALTH)),
    "diakoniatyöntekijä": ("Diakoniatyön vastaanotto, ruoka-apu ja keskusteluapu.",
                           "Voi myöntää kertaluonteista avustusta diakoniarahastosta.",
                           (D.INCOME, D.LONELINESS, D.MENTAL_HEALTH)),
    "palveluvastaava": ("Palveluntuottajan yhteyshenkilö hyvinvointialueen suuntaan.",
                        "Ei päätä asiakkaaksi ottamisesta: sen tekee hyvinvointialue.",
                        (D.HOUSING, D.DAILY_LIVING)),
    "etsivä nuorisotyöntekijä": ("Alle 29-vuotiaiden tavoittaminen ja saattaminen palveluihin.",
                                 "Ei tee päätöksiä.", (D.WORK, D.LONELINESS, D.MENTAL_HEALTH)),
    "kirjastonhoitaja": ("Kirjaston digituki ja asiointiapu.", "Ei tee päätöksiä.",
                         (D.ACCESS,)),
}


def person_areas(*, org: str, title: str, town: str) -> list[str]:
    """The municipalities a person serves: none listed (everywhere) for Kela, the police and
    debt counselling; the area around their unit for coordinators and the area-wide
    organisations; their own town for the county's local units."""
    if org in EVERYWHERE:
        return []
    if (org, town) == ("social", "Nilsiä"):
        return ["Nilsiä", "Juankoski"]
    if town in TOWNS and (title == "asiakaskoordinaattori" or org not in ("social", "health")):
        return list(AREAS[TOWNS[town].region])
    return [town]


def role_fields(*, title: str, org: str, town: str) -> dict[str, Any]:
    """A person's role in the directory, by title and place."""
    responsibilities, decisions, expertise = TITLE_ROLES.get(title, ("", "", ()))
    return {"responsibilities": responsibilities, "decisions": decisions,
            "expertise": [str(d) for d in expertise],
            "municipalities": person_areas(org=org, title=title, town=town)}


# --- Cooperation agreements ----------------------------------------------------------------

# (title, parties, purpose, contacts as (organisation, unit, title), roles, resources, cadence,
#  days to the next meeting)
AGREEMENTS = (
    ("Aikuissosiaalityön, Kelan ja työllisyyspalvelujen yhteistyö Kuopiossa",
     ("social", "kela", "emp_kuopio"),
     "Asiakkaat, jotka tarvitsevat yhtä aikaa toimeentulotukea, Kelan etuuksia ja "
     "työllisyyspalveluja, eivät putoa palvelujen väliin: yhteiset asiakastapaamiset, nimetyt "
     "yhteyshenkilöt ja nopea tiedonkulku asiakkaan suostumuksella.",
     (("social", "kuopio", "johtava sosiaalityöntekijä"), ("social", "kuopio",
                                                           "sosiaalityöntekijä"),
      ("kela", "kuopio", "Kela-virkailija"), ("emp_kuopio", "kuopio",
                                              "työllisyysasiantuntija"),
      ("emp_kuopio", "kuopio", "työkykykoordinaattori")),
     "Aikuissosiaalityö: palvelutarpeen arvio, täydentävä ja ehkäisevä toimeentulotuki; "
     "kutsuu yhteisen tapaamisen koolle.\n"
     "Kela: perustoimeentulotuen päätös 7 arkipäivässä; siirtää hakemuksen "
     "hyvinvointialueelle asiakkaan pyynnöstä; yhteyshenkilö vastaa kollegoiden kysymyksiin "
     "kahden arkipäivän kuluessa.\n"
     "Työllisyyspalvelut: aktivointisuunnitelma yhdessä sosiaalityön kanssa kolmen kuukauden "
     "kuluessa; työkokeilu, palkkatuki ja työkyvyn tuki.",
     "Yhteinen asiakasaika Kuopion sosiaalitoimistossa (Tulliportinkatu 37) tiistaisin klo "
     "13-15, etäyhteys mahdollinen. Kukin osapuoli varaa kaksi tuntia viikossa.",
     "Kuuden viikon välein, myös silloin kun kaikki sujuu; kerran vuodessa arvio johdon "
     "kanssa.", 12),
    ("Varkauden MOTI-verkosto: järjestöt, kokemusasiantuntijat ja poliisi",
     ("social", "health", "mtp", "ngo2", "experts", "police", "emp_varkaus"),
     "Kuka tahansa verkoston ammattilainen voi kutsua MOTI-tiimin koolle yhdessä asiakkaan "
     "kanssa, kun asiakkaalla on monialainen palvelutarve. Järjestön edustaja ja "
     "kokemusasiantuntija kutsutaan mukaan asiakkaan toiveesta.",
     (("social", "varkaus", "asiakaskoordinaattori"), ("health", "varkaus",
                                                        "asiakaskoordinaattori"),
      ("mtp", "varkaus", "päihdetyöntekijä"), ("police", "varkaus", "vanhempi konstaapeli"),
      ("ngo2", "varkaus", "järjestötyöntekijä"), ("experts", "varkaus", "kokemusasiantuntija")),
     "Koordinaattoripari (sosiaali- ja terveyspalvelut): kutsuu koolle ja pitää suunnitelman "
     "ajan tasalla.\n"
     "Mielenterveys- ja päihdepalvelut: mielenterveys- ja päihdearvio samalla käynnillä.\n"
     "Poliisi: kertoo, mitä voi ja ei voi tehdä; ilmoittaa koordinaattorille asiakkaan "
     "luvalla, kun asiakas tavataan päihtyneenä; ei lue asiakasasiakirjoja.\n"
     "Savon Polku ry: päiväkeskus ja saattaen palveluihin.\n"
     "Kokemusasiantuntijat: rinnalla kulkeminen asiakkaan toiveesta.",
     "Tapaamiset Varkauden sosiaalitoimistossa (Relanderinkatu 3) tai asiakkaan toivomassa "
     "paikassa. Koordinaattoreilla puolet työajasta koordinointiin; kokemusasiantuntijoiden "
     "palkkiot maksaa hyvinvointialue.",
     "Verkostotapaaminen joka toinen kuukausi ja kerran vuodessa kehittämispäivä.", 26),
)

ORGANISATION_TEXTS = {
    "county": ("Järjestää Pohjois-Savon sosiaali- ja terveyspalvelut ja pelastustoimen.",
               COUNTY_WEB),
    "social": ("Aikuissosiaalityö, toimeentulotuki, asumisneuvonta ja asiakaskoordinaatio.",
               f"{COUNTY_WEB}/aikuissosiaalityo"),
    "health": ("Terveysasemat Kuopion seudulla ja Varkaudessa.", f"{COUNTY_WEB}/terveysasemat"),
    "mtp": ("Mielenterveys- ja päihdepalvelujen avohoito ja kuntoutus.",
            f"{COUNTY_WEB}/mielenterveys-ja-paihdepalvelut"),
    "admin": ("Hallinto, tietosuoja ja käyttöoikeudet.", f"{COUNTY_WEB}/tietosuoja"),
    "emp_kuopio": ("Kuopion seudun kuntien työllisyyspalvelut.",
                   "https://www.tyollisyys.example/kuopio"),
    "emp_varkaus": ("Varkauden ja Joroisten työllisyyspalvelut.",
                    "https://www.tyollisyys.example/varkaus"),
    "kela": ("Kelan palvelupiste Kuopiossa; pop-up-asiointi pienissä taajamissa.",
             "https://www.kela.example"),
    "police": ("Itä-Suomen poliisilaitoksen Kuopion ja Varkauden asemat.",
               "https://www.poliisi.example/ita-suomi"),
    "debt": ("Talous- ja velkaneuvonta Kuopiossa ja Varkaudessa.",
             "https://www.oikeus.example/velkaneuvonta"),
    "ngo1": ("Olohuone ja vertaistukiryhmät Kuopion keskustassa.", "https://www.kohtaamo.example"),
    "ngo2": ("Päiväkeskus ja ruotsinkielinen senioritoiminta Varkaudessa.",
             "https://www.polku.example"),
    "experts": ("Koulutetut kokemusasiantuntijat MOTI-tiimeihin Itä-Savossa.",
                "https://www.kokemusasiantuntijat.example"),
}


# --- The demo region -----------------------------------------------------------------------

def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _checked(today: datetime.date, n: int, stale: bool) -> datetime.datetime:
    """Most entries were checked in the last four months; a stale one over 13 months ago,
    so the "not checked for a year" flag shows."""
    days = 400 + 17 * (n % 5) if stale else 2 + (11 * n) % 120
    return _moment(today - datetime.timedelta(days=days), 9 + n % 7)


def _working_day(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5 or holiday_name(day):
        day += datetime.timedelta(days=1)
    return day


def _offset(n: int) -> tuple[float, float]:
    """A few hundred metres from the town's centre, so that no two points overlap."""
    return 0.0025 * (n % 5 - 2), 0.004 * ((n // 5) % 5 - 2)


# Foreign keys the loader has just made: validating them would only query them again.
LINKS = ["organisation", "unit", "user", "updated_by", "checked_by"]


def _same_as_checked(model: type[Model], pks: list[int]) -> None:
    """An entry was last saved when it was last checked: saving checks it."""
    model._default_manager.filter(pk__in=pks).update(updated_at=F("checked_at"))


def directory_load(*, organisations: dict[str, Organisation], units: dict[tuple[str, str], Unit],
                   user: User, today: datetime.date) -> None:
    """The demo region's services, service points, people's roles and cooperation agreements,
    written by the directory maintainer (`user`)."""
    points = _points(organisations, units, user, today)
    services = _services(organisations, points, user, today)
    _people(organisations, units, services, user, today)
    _agreements(organisations, units, user, today)
    for n, (key, org) in enumerate(organisations.items()):
        description, web = ORGANISATION_TEXTS.get(key, ("", ""))
        checked = _checked(today, n, stale=False)
        Organisation.objects.filter(pk=org.pk).update(
            description=description, web=web, checked_at=checked, checked_by=user,
            updated_at=checked)
    for model in (Organisation, ServicePoint, Service, Person):
        search.index_all(model)


def _points(organisations: dict[str, Organisation], units: dict[tuple[str, str], Unit],
            user: User, today: datetime.date) -> dict[str, ServicePoint]:
    made: dict[str, ServicePoint] = {}
    for n, (key, data) in enumerate(POINTS.items()):
        if data.place:
            org_key, name, town, street = data.place
        else:
            org_key, unit_key = key.split("/")
            unit = units[org_key, unit_key]
            name, town, street = unit.name, unit.municipality, unit.street_address
        place = TOWNS[town]
        north, east = _offset(n)
        point = ServicePoint(
            organisation=organisations[org_key], name_fi=name, name_sv=data.sv, name_en=data.en,
            description_fi=data.description, street_address=street,
            postal_code=place.postal_codes[0], post_office=town, municipality=town,
            municipality_code=MUNICIPALITY_CODES[town],
            latitude=round(place.latitude + north, 5), longitude=round(place.longitude + east, 5),
            opening_hours=data.hours, accessibility=data.accessibility, phone=data.phone,
            updated_by=user, checked_by=user, checked_at=_checked(today, n, data.stale))
        point.full_clean(exclude=LINKS, validate_unique=False)
        made[key] = point
    ServicePoint.objects.bulk_create(made.values())
    _same_as_checked(ServicePoint, [p.pk for p in made.values()])
    return made


def _services(organisations: dict[str, Organisation], points: dict[str, ServicePoint],
              user: User, today: datetime.date) -> list[tuple[ServiceData, Service]]:
    made = []
    for n, data in enumerate(SERVICES):
        fi, sv, en = data.name
        dfi, dsv, den = data.description
        service = Service(
            organisation=organisations[data.org], name_fi=fi, name_sv=sv, name_en=en,
            description_fi=dfi, description_sv=dsv, description_en=den,
            service_classes=list(data.classes), need_domains=[str(d) for d in data.domains],
            target_groups=data.target_groups, eligibility=data.eligibility,
            how_to_contact=data.how_to_contact, decisions=data.decisions,
            waiting_days=data.waiting,
            waiting_measured_on=None if data.waiting is None
            else today - datetime.timedelta(days=20 + (13 * n) % 70),
            languages=list(data.languages), channels=[str(c) for c in data.channels],
            cost=data.cost, municipalities=list(data.municipalities), phone=data.phone,
            email=data.email, web=data.web, updated_by=user, checked_by=user,
            checked_at=_checked(today, n, data.stale))
        service.full_clean(exclude=LINKS, validate_unique=False)
        made.append((data, service))
    Service.objects.bulk_create([s for _, s in made])
    _same_as_checked(Service, [s.pk for _, s in made])
    through = ServicePoint.services.through
    through.objects.bulk_create([through(servicepoint_id=points[key].pk, service_id=s.pk)
                                 for data, s in made for key in data.points])
    return made


def _gives(data: ServiceData, *, org: str, unit: str, title: str, languages: list[str]) -> bool:
    """Whether a person of this organisation, unit and title gives the service."""
    if title not in data.titles or org not in (data.org, *data.partners):
        return False
    if "fi" not in data.languages and not set(data.languages) & set(languages):
        return False  # a service in Swedish only is given by those who speak it
    own = [key for key in data.points if key.startswith(f"{data.org}/")]
    return org != data.org or not own or f"{org}/{unit}" in own


def _people(organisations: dict[str, Organisation], units: dict[tuple[str, str], Unit],
            services: list[tuple[ServiceData, Service]], user: User,
            today: datetime.date) -> None:
    org_key = {org.pk: key for key, org in organisations.items()}
    unit_key = {unit.pk: key[1] for key, unit in units.items()}
    stale = {("police", "varkaus", "vanhempi konstaapeli"), ("health", "juankoski",
                                                             "sairaanhoitaja")}
    people = list(Person.objects.filter(organisation__in=organisations.values())
                  .select_related("unit").order_by("pk"))
    through = Person.services.through
    links = []
    for n, person in enumerate(people):
        org = org_key[person.organisation_id]
        unit = unit_key[person.unit_id] if person.unit_id else ""
        town = person.unit.municipality if person.unit else "Kuopio"
        for name, value in role_fields(title=person.title, org=org, town=town).items():
            setattr(person, name, value)
        person.checked_at = _checked(today, n, (org, unit, person.title) in stale)
        person.checked_by = person.updated_by = user
        person.full_clean(exclude=LINKS, validate_unique=False)
        links += [through(person_id=person.pk, service_id=service.pk)
                  for data, service in services
                  if _gives(data, org=org, unit=unit, title=person.title,
                            languages=person.language_list)]
    Person.objects.bulk_update(people, ["responsibilities", "decisions", "expertise",
                                        "municipalities", "checked_at", "checked_by",
                                        "updated_by"])
    _same_as_checked(Person, [p.pk for p in people])
    through.objects.bulk_create(links)


def _agreements(organisations: dict[str, Organisation], units: dict[tuple[str, str], Unit],
                user: User, today: datetime.date) -> None:
    for n, (title, parties, purpose, contacts, roles, resources, cadence, days) in enumerate(
            AGREEMENTS):
        people = [Person.objects.filter(unit=units[org, unit], title=person_title)
                  .order_by("pk").first() for org, unit, person_title in contacts]
        agreement = entry_create(
            model=Agreement, user=user,
            fields={"title": title, "purpose": purpose, "roles": roles, "resources": resources,
                    "cadence": cadence,
                    "next_meeting": _working_day(today + datetime.timedelta(days=days))},
            many={"parties": [organisations[key] for key in parties],
                  "contacts": [p for p in people if p]})
        checked = _checked(today, n + 3, stale=False)
        Agreement.objects.filter(pk=agreement.pk).update(checked_at=checked, updated_at=checked)


# --- The county at scale (`moti seed`) -----------------------------------------------------

K = Organisation.Kind
# Organisations of each town that the demo does not have: (reference, kind, name,
# description). A town merged into Kuopio has no municipality of its own.
LOCAL_ORGANISATIONS = (
    ("municipality", K.MUNICIPALITY, "{genitive} {municipality}",
     "Asuntotoimi, etsivä nuorisotyö, kirjasto ja kotoutumispalvelut."),
    ("parish", K.PARISH, "{genitive} seurakunta", "Diakoniatyö, ruoka-apu ja keskusteluapu."),
    ("ngo", K.NGO, "{genitive} mielenterveysyhdistys ry (demo)",
     "Kohtaamispaikka ja vertaistuki mielenterveyskuntoutujille ja läheisille."),
    ("ngo", K.NGO, "{genitive} työttömät ry (demo)",
     "Työttömien toimintakeskus, lounas ja kuntouttavan työtoiminnan paikat."),
    ("ngo", K.NGO, "{genitive} omaishoitajat ry (demo)", "Omaishoitajien vertaisryhmät."),
    ("private", K.PRIVATE, "{genitive} Hoiva ja Asuminen Oy (demo)",
     "Tuettu asuminen ja palveluasuminen hyvinvointialueen ostopalveluna ja "
     "palvelusetelillä."),
)
GENITIVES = {
    "Kuopio": "Kuopion", "Siilinjärvi": "Siilinjärven", "Varkaus": "Varkauden",
    "Joroinen": "Joroisten", "Nilsiä": "Nilsiän", "Juankoski": "Juankosken",
    "Maaninka": "Maaningan", "Iisalmi": "Iisalmen", "Leppävirta": "Leppävirran",
    "Suonenjoki": "Suonenjoen", "Lapinlahti": "Lapinlahden", "Pielavesi": "Pielaveden",
    "Kiuruvesi": "Kiuruveden", "Sonkajärvi": "Sonkajärven", "Vieremä": "Vieremän",
    "Keitele": "Keiteleen", "Kaavi": "Kaavin", "Tuusniemi": "Tuusniemen",
    "Rautalampi": "Rautalammin", "Rautavaara": "Rautavaaran", "Tervo": "Tervon",
    "Vesanto": "Vesannon",
}
CITIES = ("Kuopio", "Iisalmi", "Varkaus", "Suonenjoki", "Kiuruvesi")
# How many of the county's points and people are in each town: roughly its population.
TOWN_SIZES = {
    "Kuopio": 30, "Siilinjärvi": 8, "Varkaus": 7, "Iisalmi": 7, "Leppävirta": 3,
    "Suonenjoki": 3, "Lapinlahti": 3, "Kiuruvesi": 3, "Joroinen": 2, "Nilsiä": 2,
    "Juankoski": 2, "Pielavesi": 2, "Sonkajärvi": 2, "Vieremä": 2, "Maaninka": 1,
    "Keitele": 1, "Kaavi": 1, "Tuusniemi": 1, "Rautalampi": 1, "Rautavaara": 1, "Tervo": 1,
    "Vesanto": 1,
}
VARKAUS_SIDE = ("Varkaus", "Joroinen", "Leppävirta")
# Districts of the bigger towns, where more of their services are given.
DISTRICTS = {
    "Kuopio": ("Petonen", "Neulamäki", "Saaristokaupunki", "Männistö", "Jynkkä",
               "Puijonlaakso", "Levänen", "Kelloniemi"),
    "Siilinjärvi": ("Toivala", "Vuorela"), "Iisalmi": ("Kirma", "Peltosalmi"),
    "Varkaus": ("Kuoppakangas", "Kommila"),
}
GROUPS = (  # (fi, sv, en, the need domain it adds, the languages it may add)
    ("nuoret aikuiset", "unga vuxna", "young adults", D.WORK, ()),
    ("ikäihmiset", "äldre", "older people", D.DAILY_LIVING, ()),
    ("maahanmuuttajat", "invandrare", "immigrants", D.ACCESS,
     ("en", "ar", "so", "uk", "ru", "fa")),
    ("lapsiperheet", "barnfamiljer", "families with children", D.FAMILY, ()),
    ("omaishoitajat", "närståendevårdare", "family carers", D.FAMILY, ()),
    ("vammaiset henkilöt", "personer med funktionsnedsättning", "people with disabilities",
     D.DAILY_LIVING, ("fse",)),
)
OTHER_LANGUAGES = ("en", "ru", "et", "ar", "so", "uk", "fa", "se", "fse")
# Services of the organisations only the seed has, by their reference in LOCAL_ORGANISATIONS.
LOCAL_SERVICES = (
    ServiceData(
        "parish", ("Diakoniatyön vastaanotto", "Diakonimottagning", "Diaconal work drop-in"),
        ("Keskusteluapua, ruoka-apua ja tukea taloudellisiin vaikeuksiin uskonnosta "
         "riippumatta.", "Samtalsstöd, mathjälp och stöd vid ekonomiska svårigheter.", ""),
        ("P4.12", "P25.6"), (D.INCOME, D.LONELINESS, D.MENTAL_HEALTH),
        "Voi myöntää kertaluonteista avustusta (ruoka-apu, lääkkeet) diakoniarahastosta; ei "
        "viranomaispäätöksiä.", (CH.IN_PERSON, CH.PHONE), (), ("diakoniatyöntekijä",),
        waiting=3),
    ServiceData(
        "parish", ("Yhteinen ateria ja ruoka-apu", "Gemensam måltid och mathjälp",
                   "Shared meal and food aid"),
        ("Lounas kerran viikossa ja ruokakassit jaon päivinä.", "", ""),
        ("P4.12",), (D.INCOME, D.LONELINESS), "Ei päätöksiä; ei ilmoittautumista.",
        (CH.IN_PERSON,), (), ("diakoniatyöntekijä",), waiting=0),
    ServiceData(
        "municipality", ("Etsivä nuorisotyö", "Uppsökande ungdomsarbete", "Outreach youth work"),
        ("Tavoittaa alle 29-vuotiaat, jotka ovat koulutuksen ja työn ulkopuolella, ja kulkee "
         "mukana palveluihin.", "Når unga under 29 år som står utanför utbildning och arbete.",
         "Reaches young people under 29 outside education and work."),
        ("P28.5", "P10.2"), (D.WORK, D.LONELINESS, D.MENTAL_HEALTH),
        "Ei tee päätöksiä; saattaa palveluihin nuoren luvalla.",
        (CH.IN_PERSON, CH.PHONE, CH.HOME_VISIT), (), ("etsivä nuorisotyöntekijä",),
        target_groups="15-29-vuotiaat", waiting=5),
    ServiceData(
        "municipality", ("Digituki kirjastossa", "Digistöd på biblioteket",
                         "Digital support at the library"),
        ("Apua verkkopankkiin, OmaKelaan ja ajanvaraukseen.", "", ""),
        ("P9.4", "P25.1"), (D.ACCESS,), "Ei tee päätöksiä.", (CH.IN_PERSON,), (),
        ("kirjastonhoitaja",), waiting=7),
    ServiceData(
        "municipality", ("Kotoutumispalvelut", "Integrationstjänster", "Integration services"),
        ("Kotoutumissuunnitelma, suomen kielen opinnot ja ohjaus palveluihin.",
         "Integrationsplan, finskstudier och handledning.", "Integration plan, Finnish "
                                                            "studies and guidance."),
        ("P4.11", "P22.2", "P22.3"), (D.ACCESS, D.WORK),
        "Tekee kotoutumissuunnitelman ja päättää kotoutumiskoulutukseen ohjaamisesta.",
        (CH.IN_PERSON, CH.PHONE, CH.VIDEO), (), ("palveluohjaaja",), waiting=21,
        languages=("fi", "en", "ar", "uk", "ru")),
    ServiceData(
        "municipality", ("Vuokra-asunnot", "Hyresbostäder", "Rental housing"),
        ("Kaupungin ja kunnan vuokra-asuntojen haku.", "", ""),
        ("P1.1",), (D.HOUSING,),
        "Valitsee vuokra-asuntojen asukkaat hakemusten perusteella; kiireellisyys arvioidaan "
        "sosiaalisin perustein.", (CH.E_SERVICE, CH.PHONE), (), ("palveluohjaaja",),
        waiting=60),
    ServiceData(
        "private", ("Tuettu asuminen", "Stödboende", "Supported housing"),
        ("Oma asunto ja ohjaajan käynnit mielenterveys- ja päihdekuntoutujille.",
         "Egen bostad och handledarens besök.", ""),
        ("P4.1",), (D.HOUSING, D.MENTAL_HEALTH, D.SUBSTANCE),
        "Palveluntuottaja ei päätä asiakkaaksi ottamisesta: päätöksen ja maksusitoumuksen "
        "tekee hyvinvointialueen sosiaalityöntekijä.", (CH.HOME_VISIT, CH.PHONE), (),
        ("asumisohjaaja", "palveluvastaava"), waiting=60, cost="Vuokra ja asiakasmaksu."),
    ServiceData(
        "private", ("Palveluasuminen", "Serviceboende", "Sheltered housing"),
        ("Ympärivuorokautinen palveluasuminen ikäihmisille ja vammaisille.", "", ""),
        ("P4.1", "P4.2"), (D.HOUSING, D.DAILY_LIVING, D.HEALTH),
        "Hyvinvointialue päättää asukasvalinnasta palveluseteli- tai ostopalvelupäätöksellä.",
        (CH.IN_PERSON,), (), ("palveluvastaava", "lähihoitaja"), waiting=90,
        cost="Vuokra, ateriat ja tulosidonnainen asiakasmaksu."),
    ServiceData(
        "ngo", ("Omaishoitajien vertaisryhmä", "Kamratgrupp för närståendevårdare",
                "Peer group for family carers"),
        ("Tapaamiset kerran kuussa; hoidettavalle seuraa tapaamisen ajaksi.", "", ""),
        ("P4.12", "P5.14"), (D.FAMILY, D.LONELINESS),
        "Ei päätöksiä.", (CH.IN_PERSON, CH.VIDEO), (), ("vapaaehtoistoiminnan koordinaattori",),
        waiting=14),
    ServiceData(
        "ngo", ("Työttömien toimintakeskus", "Verksamhetscenter för arbetslösa",
                "Centre for the unemployed"),
        ("Edullinen lounas, kuntouttavan työtoiminnan paikkoja ja apua työnhakuun.", "", ""),
        ("P10.8", "P4.8"), (D.WORK, D.LONELINESS, D.INCOME), "Ei viranomaispäätöksiä.",
        (CH.IN_PERSON,), (), ("järjestötyöntekijä",), waiting=0, cost="Lounas 3,50 €."),
)
# Points of each kind of organisation: (names fi/sv/en, opening hours, towns it is in or ()).
POINT_KINDS = {
    "social": (("Sosiaalitoimisto", "Socialbyrån", "Social services office"), OFFICE, ()),
    "health": (("Terveysasema", "Hälsostation", "Health centre"), HEALTH_CENTRE, ()),
    "clinic": (("Neuvola", "Rådgivningsbyrå", "Child health clinic"), OFFICE, ()),
    "wellbeing": (("Hyvinvointipiste", "Välfärdspunkt", "Wellbeing point"), SMALL_HEALTH, ()),
    "mtp": (("Mielenterveys- ja päihdepalvelut", "Mentalvårds- och missbrukartjänster",
             "Mental health and substance use services"), OFFICE, ()),
    "kela": (("Kelan palvelupiste", "FPA:s serviceställe", "Kela service point"), KELA_HOURS,
             ("Kuopio", "Iisalmi", "Varkaus")),
    "kela_pop_up": (("Kelan pop-up-asiointi", "FPA:s pop-up-service", "Kela pop-up"),
                    POP_UP_HOURS, ()),
    "emp": (("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"), OFFICE,
            ()),
    "police": (("Poliisiasema", "Polisstation", "Police station"), POLICE_HOURS,
               ("Kuopio", "Iisalmi", "Varkaus", "Siilinjärvi")),
    "debt": (("Talous- ja velkaneuvonta", "Ekonomi- och skuldrådgivning", "Debt counselling"),
             BY_APPOINTMENT, ("Kuopio", "Iisalmi", "Varkaus")),
    "ngo": (("Kohtaamispaikka", "Mötesplats", "Drop-in centre"), NGO_HOURS, ()),
    "parish": (("Seurakuntakeskus", "Församlingscentrum", "Parish centre"), OFFICE, ()),
    "private": (("Palvelukoti", "Servicehem", "Care home"),
                [{"days": [0, 1, 2, 3, 4, 5, 6], "from": "00:00", "to": "23:59"}], ()),
    "municipality": (("Kirjasto", "Bibliotek", "Library"), NGO_HOURS, ()),
}
POINT_WEIGHTS = {"social": 10, "health": 12, "clinic": 8, "wellbeing": 8, "mtp": 5, "kela": 1,
                 "kela_pop_up": 2, "emp": 4, "police": 1, "debt": 1, "ngo": 16, "parish": 10,
                 "private": 12, "municipality": 10}
# The organisation (a demo key or a LOCAL_ORGANISATIONS reference) of each point kind.
POINT_ORGANISATIONS = {"clinic": "health", "wellbeing": "health", "kela_pop_up": "kela"}
# Titles of the people in the directory who do not sign in to Moti, by organisation.
DIRECTORY_TITLES = {
    "social": ("sosiaaliohjaaja", "sosiaalityöntekijä", "palveluohjaaja", "asumisohjaaja",
               "perhetyöntekijä"),
    "health": ("lähihoitaja", "fysioterapeutti", "toimintaterapeutti",
               "kotihoidon sairaanhoitaja", "sairaanhoitaja", "terveydenhoitaja"),
    "mtp": ("mielenterveyshoitaja", "päihdetyöntekijä", "psykologi"),
    "ngo": ("järjestötyöntekijä", "vapaaehtoistoiminnan koordinaattori", "vertaisohjaaja"),
    "parish": ("diakoniatyöntekijä",),
    "private": ("palveluvastaava", "asumisohjaaja", "lähihoitaja"),
    "municipality": ("etsivä nuorisotyöntekijä", "kirjastonhoitaja", "palveluohjaaja"),
}
DIRECTORY_WEIGHTS = {"social": 22, "health": 38, "mtp": 8, "ngo": 12, "parish": 6,
                     "private": 9, "municipality": 5}
LOCAL_DOMAINS = {"ngo": "yhdistys.example", "parish": "seurakunta.example",
                 "private": "hoiva.example", "municipality": "kunta.example"}
DEMO_REFERENCES = {"emp_kuopio": "emp", "emp_varkaus": "emp", "ngo1": "ngo", "ngo2": "ngo",
                   "experts": "ngo"}


def town_place(town: str) -> tuple[float, float, str]:
    """(latitude, longitude, a postal code) of a town's centre."""
    latitude, longitude = places.CENTRES[town.lower()]
    postal_code = TOWNS[town].postal_codes[0] if town in TOWNS else MORE_POSTAL_CODES[town]
    return latitude, longitude, postal_code


def checked_at(*, now: datetime.datetime, n: int) -> datetime.datetime:
    """When a seeded professional's entry was checked: in the last eleven months, one in 29
    over a year ago (the stale flag)."""
    days = 380 + n % 200 if n % 29 == 0 else 1 + (37 * n) % 330
    return now - datetime.timedelta(days=days, hours=n % 8)


Insert = Callable[[str, type[Model], list], list]


class DirectorySeeder:
    """Services, service points and people's roles across the county, from the seed's random
    generator, inserted in bulk through the seed's `insert` (its batches and progress bar)."""

    def __init__(self, *, rng: random.Random, faker: Any, now: datetime.datetime,
                 today: datetime.date, insert: Insert, progress: Callable[[str, int, int], None]):
        self.rng, self.faker, self.now, self.today = rng, faker, now, today
        self.insert, self.progress = insert, progress
        self.towns = list(TOWN_SIZES)
        self.demo = {org.name: org for org in Organisation.objects.all()}
        # The demo's organisations by their keys, and the local ones by (reference, town).
        self.orgs = {key: self.demo[data[0]] for key, data in ORGANISATIONS.items()}
        self.local: dict[tuple[str, str], list[Organisation]] = {}
        self.units: dict[int, list[Unit]] = {}
        for unit in Unit.objects.order_by("pk"):
            self.units.setdefault(unit.organisation_id, []).append(unit)

    def run(self, *, services: int, points: int, professionals: list[Person],
            directory_people: int) -> None:
        self.organisations(max(4, services // 35))
        made_services = self.services(services)
        made_points = self.points(points)
        self.link_points(made_services, made_points)
        extra = self.people(max(0, directory_people - Person.objects.count()))
        self.link_people(made_services, professionals + extra)
        # Saving an entry checks it: none was saved after it was last checked. (Bulk inserts
        # number their rows on from the first.)
        firsts = [made_services[0][2] if made_services else None,
                  made_points[0][1] if made_points else None,
                  (professionals + extra)[0] if professionals + extra else None]
        for first in filter(None, firsts):
            type(first)._default_manager.filter(pk__gte=first.pk, checked_at__isnull=False) \
                .update(updated_at=F("checked_at"))
        models: tuple[type[Checked], ...] = (Organisation, Service, ServicePoint, Person)
        for n, model in enumerate(models, start=1):
            search.index_all(model)
            self.progress("search index", n, len(models))

    # --- organisations ---

    def organisations(self, count: int) -> None:
        """Each town's municipality, parish, associations and a private provider; the first
        `count` of them, spread over towns and kinds, at smaller scales."""
        wanted = []
        for town in self.towns:
            for reference, kind, pattern, description in LOCAL_ORGANISATIONS:
                if reference == "municipality" and town in SMALL_TOWNS[:3]:
                    continue  # part of Kuopio
                name = pattern.format(genitive=GENITIVES[town], municipality="kaupunki"
                                      if town in CITIES else "kunta")
                wanted.append((reference, town, Organisation(
                    name=name, kind=kind, register=Register.OTHER, description=description,
                    checked_at=self._checked())))
        self.rng.shuffle(wanted)
        wanted = [w for w in wanted if w[2].name not in self.demo][:count]
        made = self.insert("organisations", Organisation, [org for _, _, org in wanted])
        # Each is a data controller of its own (organisation_create sets it one by one).
        Organisation.objects.filter(pk__in=[o.pk for o in made]).update(
            controller=F("pk"), updated_at=F("checked_at"))
        for (reference, town, _), org in zip(wanted, made, strict=True):
            self.local.setdefault((reference, town), []).append(org)

    def _organisation(self, reference: str, town: str, n: int = 0) -> Organisation | None:
        """The organisation giving a service of this kind in this town, if there is one."""
        if reference == "emp":
            return self.orgs["emp_varkaus" if town in VARKAUS_SIDE else "emp_kuopio"]
        if reference in self.orgs:
            return self.orgs[reference]
        local = self.local.get((reference, town))
        if local:
            return local[n % len(local)]
        if reference == "ngo":  # the demo's own associations work across their area
            return self.orgs["ngo2" if town in VARKAUS_SIDE else "ngo1"]
        return None

    def _checked(self) -> datetime.datetime:
        days = self.rng.randint(370, 900) if self.rng.random() < 0.08 else \
            self.rng.randint(1, 330)
        return self.now - datetime.timedelta(days=days, minutes=self.rng.randint(0, 600))

    def _phone(self) -> str:
        return f"+999 17 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"

    # --- services and points ---

    def services(self, count: int) -> list[tuple[ServiceData, str, Service]]:
        """Each kind of service in each town; then, more where more people live, in the
        districts of the bigger towns and for target groups; `count` of them."""
        templates, seen = [], set()
        for data in SERVICES + LOCAL_SERVICES:
            reference = DEMO_REFERENCES.get(data.org, data.org)
            if not data.once and (reference, data.name[0]) not in seen:
                seen.add((reference, data.name[0]))
                templates.append((reference, data))
        places = [(town, "") for town in self.towns] + [
            (town, district) for town, districts in DISTRICTS.items() for district in districts]
        basics = [(t, (town, ""), None) for t in templates for town in self.towns]
        self.rng.shuffle(basics)
        more = [(t, place, group) for t in templates for place in places
                for group in (None, *GROUPS) if place[1] or group]
        # Weighted sampling without replacement (Efraimidis-Spirakis): a place's weight is
        # its town's size shared among the town's places.
        weights = {place: TOWN_SIZES[place[0]] / (1 + len(DISTRICTS.get(place[0], ())))
                   for place in places}
        more.sort(key=lambda c: -self.rng.random() ** (1 / weights[c[1]]))
        chosen: list[tuple[ServiceData, tuple[str, str], tuple | None, Organisation, int]] = []
        round_ = 0
        while len(chosen) < count:
            round_ += 1
            for n, ((reference, data), place, group) in enumerate(basics + more):
                org = self._organisation(reference, place[0], n)
                if org is not None:
                    chosen.append((data, place, group, org, round_))
                if len(chosen) == count:
                    break
        rows = [self._service(*c) for c in chosen]
        made = self.insert("services", Service, rows)
        return [(data, town, service) for (data, (town, _), *_), service in zip(chosen, made,
                                                                                 strict=True)]

    def _service(self, data: ServiceData, place: tuple[str, str], group: tuple | None,
                 org: Organisation, round_: int) -> Service:
        rng = self.rng
        town, district = place
        names = list(data.name)
        where = [f"{name}, {district}" if district else name
                 for name in (town, SV_TOWNS.get(town, town), town)]
        names = [f"{name}, {at}" if name else "" for name, at in zip(names, where, strict=True)]
        if group:
            names = [f"{name} – {g}" if name else "" for name, g in zip(names, group[:3],
                                                                         strict=True)]
        if round_ > 1:
            names = [f"{name} ({round_})" if name else "" for name in names]
        descriptions = list(data.description)
        translated = rng.random()
        if translated < 0.12:  # some are written in Finnish only
            names[1:] = descriptions[1:] = ["", ""]
        elif translated < 0.2:
            names[2] = descriptions[2] = ""
        if not names[0]:
            names[0] = names[1] or names[2]
        # Mostly Finnish: a local copy keeps the template's other languages now and then.
        languages = ["fi", *(lang for lang in data.languages
                             if lang != "fi" and rng.random() < (0.3 if lang == "sv" else 0.4))]
        if rng.random() < 0.05:
            languages.append("sv")
        if rng.random() < 0.03:
            languages.append(rng.choice(OTHER_LANGUAGES))
        if group and group[4] and rng.random() < 0.6:
            languages += rng.sample(group[4], min(2, len(group[4])))
        channels = list(data.channels)
        if rng.random() < 0.15:
            channels.append(CH.VIDEO)
        if (town in SMALL_TOWNS or TOWN_SIZES[town] == 1) and rng.random() < 0.4:
            channels.append(CH.POP_UP)
        domains = [*data.domains, group[3]] if group else list(data.domains)
        waiting = None if data.waiting is None else \
            round(data.waiting * rng.uniform(0.5, 1.6))
        return Service(
            organisation=org, name_fi=names[0], name_sv=names[1], name_en=names[2],
            description_fi=descriptions[0], description_sv=descriptions[1],
            description_en=descriptions[2], service_classes=list(data.classes),
            need_domains=list(dict.fromkeys(str(d) for d in domains)),
            target_groups=group[0].capitalize() if group else data.target_groups,
            eligibility=data.eligibility, how_to_contact=data.how_to_contact,
            decisions=data.decisions, waiting_days=waiting,
            waiting_measured_on=None if waiting is None
            else self.today - datetime.timedelta(days=rng.randint(3, 200)),
            languages=list(dict.fromkeys(languages)),
            channels=list(dict.fromkeys(str(c) for c in channels)), cost=data.cost,
            municipalities=[town], phone=self._phone(), email=data.email, web=data.web,
            checked_at=self._checked())

    def points(self, count: int) -> list[tuple[str, ServicePoint]]:
        rng = self.rng
        kinds, weights = list(POINT_WEIGHTS), list(POINT_WEIGHTS.values())
        sizes = list(TOWN_SIZES.values())
        named: dict[tuple[str, str], int] = {}
        rows = []
        for _ in range(count):
            town = rng.choices(self.towns, sizes)[0]
            kind = rng.choices(kinds, weights)[0]
            names, hours, only_in = POINT_KINDS[kind]
            org = self._organisation(POINT_ORGANISATIONS.get(kind, kind), town)
            if (only_in and town not in only_in) or org is None:
                kind = "wellbeing"
                names, hours, _ = POINT_KINDS[kind]
                org = self.orgs["health"]
            latitude, longitude, postal_code = town_place(town)
            streets = TOWNS[town].streets if town in TOWNS else STREETS
            street = f"{rng.choice(streets)} {rng.randint(1, 80)}"
            n = named[kind, town] = named.get((kind, town), 0) + 1
            fi, sv, en = (f"{name} {place}" for name, place in zip(
                names, (town, SV_TOWNS.get(town, town), town), strict=True))
            if n > 1:
                fi, sv, en = (f"{name}, {street}" for name in (fi, sv, en))
            spread = 0.06 if town == "Kuopio" else 0.02
            rows.append((town, ServicePoint(
                organisation=org, name_fi=fi, name_sv=sv if rng.random() < 0.7 else "",
                name_en=en if rng.random() < 0.5 else "", street_address=street,
                postal_code=postal_code, post_office=town, municipality=town,
                municipality_code=MUNICIPALITY_CODES[town],
                latitude=round(latitude + rng.uniform(-spread, spread), 5),
                longitude=round(longitude + rng.uniform(-2 * spread, 2 * spread), 5),
                opening_hours=hours, accessibility=rng.choice(ACCESSIBILITY),
                phone=self._phone(), checked_at=self._checked())))
        made = self.insert("service points", ServicePoint, [p for _, p in rows])
        return [(town, point) for (town, _), point in zip(rows, made, strict=True)]

    def link_points(self, services: list[tuple[ServiceData, str, Service]],
                    points: list[tuple[str, ServicePoint]]) -> None:
        """Each service at one or two of its organisation's points in its town."""
        at: dict[tuple[int, str], list[ServicePoint]] = {}
        for town, point in points:
            at.setdefault((point.organisation_id, town), []).append(point)
        through = ServicePoint.services.through
        links = []
        for _data, town, service in services:
            here = at.get((service.organisation_id, town), [])
            for point in self.rng.sample(here, min(len(here), self.rng.randint(1, 2))):
                links.append(through(servicepoint_id=point.pk, service_id=service.pk))
        self.insert("service point links", through, links)

    # --- people ---

    def people(self, count: int) -> list[Person]:
        """People in the directory who do not sign in to Moti: the county's other staff and
        the local organisations' workers."""
        rng = self.rng
        references, weights = list(DIRECTORY_WEIGHTS), list(DIRECTORY_WEIGHTS.values())
        sizes = list(TOWN_SIZES.values())
        rows = []
        for n in range(count):
            reference = rng.choices(references, weights)[0]
            town = rng.choices(self.towns, sizes)[0]
            org = self._organisation(reference, town, n) or self.orgs["health"]
            units = self.units.get(org.pk, [])
            unit = next((u for u in units if u.municipality == town), None) or \
                (rng.choice(units) if units else None)
            title = rng.choice(DIRECTORY_TITLES[reference])
            first, last = self.faker.first_name(), self.faker.last_name()
            domain = LOCAL_DOMAINS.get(reference, "hyvinvointialue.example")
            languages = rng.choices(("fi", "fi,sv", "fi,en", "fi,ru", "fi,et", "sv,fi"),
                                    (85, 6, 5, 1, 1, 2))[0]
            rows.append(Person(
                first_name=first, last_name=last, title=title, organisation=org, unit=unit,
                phone=self._phone(), email=f"dir{n:05d}@{domain}", languages=languages,
                checked_at=self._checked(),
                **role_fields(title=title, org=reference, town=unit.municipality if unit
                              else town)))
        return self.insert("directory people", Person, rows)

    def link_people(self, services: list[tuple[ServiceData, str, Service]],
                    people: list[Person]) -> None:
        """Each person gives up to three of the services their organisation gives in their
        town for people of their title."""
        here: dict[tuple[int, str], list[tuple[ServiceData, Service]]] = {}
        for data, town, service in services:
            here.setdefault((service.organisation_id, town), []).append((data, service))
        through = Person.services.through
        links = []
        for person in people:
            town = person.municipalities[0] if person.municipalities else \
                (person.unit.municipality if person.unit else "")
            offered = here.get((person.organisation_id, town), [])
            theirs = [s for data, s in offered if person.title in data.titles]
            for service in self.rng.sample(theirs, min(len(theirs), 3)):
                links.append(through(person_id=person.pk, service_id=service.pk))
        self.insert("services given", through, links)
