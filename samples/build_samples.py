"""Builds the realistic sample decision cases samples/*.docx (run: python samples/build_samples.py).

The cases are invented but written the way Swedish case writers write them, in
the usual template (Sammanfattning, Förslag till beslut, Ärendet, Konsekvenser,
Ekonomi, Jämställdhet, Beslutsunderlag, Beslutet expedieras till). They vary on
purpose so a checker cannot overfit to one wording or one file layout:

* half use Word heading styles, half use bold one-run lines in style Normal;
* two of the styled ones carry the style ids a Swedish Word writes ("Rubrik1",
  "Punktlista", ...) while the style names stay the built-in "heading 1" etc.;
* the diarienummer and date sit in the page header in most, in the body in one;
* some numbers use a no-break space as thousands separator, as Word users type.

The expert scores of every sample are in samples/expected.yml. The text is the
same on every run, and so are the bytes (zip timestamps and core properties are
fixed).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
NBSP = "\u00a0"
FIXED_TIME = dt.datetime(2024, 1, 1, 8, 0, 0)
ZIP_TIME = (2024, 1, 1, 8, 0, 0)

# Style ids written by a Swedish Word; the style *names* stay "heading 1" etc.
SWEDISH_STYLE_IDS = {
    "Heading1": "Rubrik1",
    "Heading2": "Rubrik2",
    "Heading3": "Rubrik3",
    "Heading1Char": "Rubrik1Char",
    "Heading2Char": "Rubrik2Char",
    "Heading3Char": "Rubrik3Char",
    "Title": "Rubrik",
    "TitleChar": "RubrikChar",
    "ListBullet": "Punktlista",
    "TableGrid": "Tabellrutnt",
}


# --------------------------------------------------------------------------
# blocks: short capitalised constructors so that the cases below read like markup


def T(text: str):
    """The case title."""
    return ("title", text)


def H(text: str):
    """A section heading (Sammanfattning, Ärendet, ...)."""
    return ("h", text)


def H2(text: str):
    """A subheading inside a section."""
    return ("h2", text)


def P(text: str):
    """A body paragraph in style Normal."""
    return ("p", text)


def B(*items: str):
    """A bullet list, one paragraph per item in style "List Bullet"."""
    return ("bullets", list(items))


def TBL(*rows: list[str]):
    """A table; the first row is the header row (bold)."""
    return ("table", [list(r) for r in rows])


@dataclass
class Sample:
    name: str
    title: str
    headings: str  # "styles" or "bold"
    blocks: list
    header: list[str] | None = None
    footer: str | None = None
    title_style: str = "Heading 1"  # with "Title", sections get Heading 1
    swedish_style_ids: bool = False
    split_bold_headings: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------
# the cases

BUS_ROUTES_WEAK = Sample(
    name="bus_routes_weak",
    title="Ändrad linjesträckning för linje 21 och 23 i Bodens kommun",
    headings="bold",
    header=[
        "Region Norrbotten\tTJÄNSTESKRIVELSE",
        "Regional utveckling, Kollektivtrafik\tDnr RUN 2024/1187",
        "\t2024-10-03",
    ],
    blocks=[
        H("Sammanfattning"),
        P(
            "Länstrafiken i Norrbotten föreslår att linje 21 och 23 i Bodens kommun läggs om "
            "från och med tidtabellsskiftet den 15 december 2024. Linje 23 föreslås upphöra på "
            "sträckan Sävast–Heden, där resandet har minskat under flera år, och ersättas av en "
            "förlängning av linje 21 via Boden centrum. Förändringen frigör resurser som i "
            "stället används till tätare turer i högtrafik på den mest belastade delen av "
            "linjenätet."
        ),
        P(
            "Förändringen innebär att de flesta resenärer får samma eller kortare restid, medan "
            "resenärer i Heden får längre gångavstånd till närmaste hållplats."
        ),
        H("Förslag till beslut"),
        P("Regionala utvecklingsnämnden beslutar"),
        P(
            "att godkänna ändrad linjesträckning för linje 21 och 23 från och med den "
            "15 december 2024,"
        ),
        P(
            "att uppdra åt Länstrafiken att informera resenärerna om förändringen senast fyra "
            "veckor före tidtabellsskiftet."
        ),
        H("Ärendet"),
        P(
            "Linje 21 och 23 trafikerar i dag Boden centrum, Sävast och Heden. Under 2023 "
            "gjordes 148 000 resor på de två linjerna, vilket är 9 procent färre än 2019. "
            "Resandet är ojämnt fördelat: på sträckan Sävast–Heden reser i genomsnitt "
            "1 200 personer per vecka, medan sträckan genom centrum har ungefär fyra gånger så "
            "många resenärer."
        ),
        P("Tabell 1. Antal resor per linje och år"),
        TBL(
            ["Linje", "2019", "2022", "2023"],
            ["21", "98 400", "91 200", "93 500"],
            ["23", "64 200", "55 800", "54 500"],
            ["Summa", "162 600", "147 000", "148 000"],
        ),
        P("Källa: Länstrafikens biljettsystem."),
        P(
            "Resandeundersökningen hösten 2023 visar att 45 procent av resorna är "
            "arbetspendling och att var tredje resa görs av skolungdomar. En majoritet av "
            "resenärerna saknar tillgång till bil vid resetillfället. Äldre resenärer reser "
            "främst mitt på dagen, till vårdcentralen och till handeln i centrum."
        ),
        P(
            "Förslaget har tagits fram i samråd med Bodens kommun. Synpunkter har också "
            "inhämtats från kommuninvånare vid ett öppet möte i Heden den 4 september 2024, där "
            "ett fyrtiotal personer deltog. De synpunkter som kom fram gällde främst "
            "hållplatsernas placering och vinterväghållningen."
        ),
        H("Konsekvenser"),
        P(
            "Med förslaget får resenärerna på linje 21 tätare avgångar i högtrafik, med "
            "15-minuterstrafik mellan klockan 6.30 och 8.30. Restiden mellan Sävast och "
            "centrum minskar med cirka fyra minuter."
        ),
        P(
            "För invånarna i Heden innebär förslaget att närmaste hållplats flyttas till "
            "Hedenvägen, vilket ger upp till 800 meter längre gångväg för en del hushåll. "
            "Länstrafiken bedömer att alla resenärer även fortsättningsvis har tillgång till "
            "kollektivtrafik inom rimligt avstånd. Skolskjutsarna påverkas inte av förändringen."
        ),
        H("Ekonomi"),
        P(
            "Förändringen är kostnadsneutral. Minskade kostnader för linje 23, cirka "
            "1,4 miljoner kronor per år, används för den utökade trafiken på linje 21."
        ),
        H("Jämställdhet"),
        P("Ärendet bedöms inte påverka jämställdheten."),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2024-10-03"),
        P("Resandeundersökning linje 21 och 23, hösten 2023"),
        H("Beslutet expedieras till"),
        P("Länstrafiken i Norrbotten"),
        P("Bodens kommun"),
    ],
)

BUS_ROUTES_STRONG = Sample(
    name="bus_routes_strong",
    title="Ny linjestruktur för landsbygdstrafiken i Piteå och Älvsbyn",
    headings="styles",
    swedish_style_ids=True,
    header=["Region Norrbotten\tTjänsteskrivelse", "Dnr RUN 2024/0934\t2024-09-18"],
    blocks=[
        H("Sammanfattning"),
        P(
            "Länstrafiken föreslår en ny linjestruktur för landsbygdstrafiken i Piteå och "
            "Älvsbyns kommuner från och med juni 2025. Tre glest trafikerade linjer ersätts av "
            "en stomlinje längs väg 374 med anslutande anropsstyrd trafik. Förslaget ger "
            "kortare restid för pendlare mellan Älvsbyn och Piteå, men längre restid och fler "
            "byten för en del resor inom landsbygden."
        ),
        P(
            "Kvinnor står för 61 procent av resorna på de berörda linjerna och påverkas därför "
            "mer än män av förändringen, både av förbättringarna och av försämringarna. "
            "Förslaget innehåller därför åtgärder som ska motverka att äldre kvinnor på "
            "landsbygden får sämre tillgång till vård, service och arbete."
        ),
        H("Förslag till beslut"),
        P("Regionala utvecklingsnämnden beslutar"),
        B(
            "att anta ny linjestruktur för landsbygdstrafiken i Piteå och Älvsbyn från och med "
            "den 16 juni 2025,",
            "att anropsstyrd trafik införs i de delar av området som inte trafikeras av "
            "stomlinjen,",
            "att Länstrafiken ska följa upp resandet uppdelat på kön, ålder och bostadsort och "
            "redovisa resultatet för nämnden senast i juni 2026.",
        ),
        H("Ärendet"),
        P(
            "Linjerna 110, 112 och 115 trafikerar i dag byarna mellan Älvsbyn och Piteå med "
            "mellan två och sex turer per dag. Under 2023 gjordes sammanlagt 412 000 resor på "
            "linjerna. Kvinnor stod för 61 procent av resorna och män för 39 procent. "
            "Kvinnornas resor är oftare resor till vård, omsorg och handel mitt på dagen, medan "
            "män oftare reser i samband med arbetspendling i högtrafik."
        ),
        P(
            "Skillnaden hänger samman med att kvinnor i länet i lägre grad än män har tillgång "
            "till bil. Enligt regionens resvaneundersökning 2022 saknar var tredje kvinna över "
            "65 år på landsbygden körkort, jämfört med var åttonde man i samma åldersgrupp. "
            "Bland gymnasieelever som pendlar med buss är fördelningen jämnare: 52 procent "
            "flickor och 48 procent pojkar."
        ),
        P("Tabell 1. Resor 2023 per linje, fördelade på kvinnor och män"),
        TBL(
            ["Linje", "Resor totalt", "Kvinnor", "Män", "Andel kvinnor"],
            ["110", "168 000", "104 200", "63 800", "62 %"],
            ["112", "131 000", "77 300", "53 700", "59 %"],
            ["115", "113 000", "69 800", "43 200", "62 %"],
            ["Totalt", "412 000", "251 300", "160 700", "61 %"],
        ),
        P("Källa: Länstrafikens biljettsystem och resvaneundersökningen 2022."),
        H("Bedömda resultat och konsekvenser"),
        H2("Konsekvenser för kvinnor och män"),
        P(
            "Stomlinjen ger upp till 20 minuter kortare restid mellan Älvsbyn och Piteå i "
            "högtrafik. Det gynnar framför allt män, som oftare pendlar till arbete på den "
            "sträckan, men också de 1 850 kvinnor och 2 300 män som i dag pendlar mellan "
            "kommunerna."
        ),
        P(
            "Kvinnor, som står för 61 procent av resorna, får längre restid och fler byten för "
            "resor mitt på dagen, eftersom de direkta turerna från byarna till vårdcentralen i "
            "Norrfjärden upphör. Det gäller särskilt äldre kvinnor på landsbygden utan tillgång "
            "till bil, som i högre grad än andra grupper är beroende av bussen för att ta sig "
            "till vård och service. För flickor och pojkar i gymnasieåldern blir förändringen "
            "liten, eftersom skolturerna behålls."
        ),
        P(
            "Utan åtgärder riskerar förslaget alltså att förstärka en befintlig skillnad mellan "
            "kvinnor och män på landsbygden i tillgång till vård och service, en skillnad som "
            "saknar saklig grund."
        ),
        H2("Åtgärder"),
        P("För att motverka de negativa konsekvenserna föreslås följande:"),
        B(
            "Anropsstyrd trafik till vårdcentralen i Norrfjärden två gånger per dag, med samma "
            "taxa som linjetrafiken.",
            "Hållplatsen vid Norrfjärdens vårdcentral behålls och får väderskydd.",
            "Bytespunkten i Rosvik får bättre belysning efter trygghetsvandringen i maj 2024, "
            "där kvinnor i högre grad än män uppgav att de känner sig otrygga vid byten "
            "kvällstid.",
            "Informationen om anropstrafiken riktas särskilt till äldre kvinnor och män i byarna, "
            "via pensionärsorganisationerna och vårdcentralen.",
        ),
        H("Jämställdhet"),
        P(
            "Förslaget har analyserats utifrån det jämställdhetspolitiska delmålet om ekonomisk "
            "jämställdhet, eftersom tillgången till kollektivtrafik påverkar kvinnors och mäns "
            "möjligheter till förvärvsarbete, och delmålet om jämställd hälsa, eftersom resor "
            "till vården berörs. Förslaget bidrar också till insatsområdet en jämställd "
            "samhällsomvandling i den regionala strategin Ett jämställt Norrbotten 2024–2030."
        ),
        P(
            "Sammantaget bedöms förslaget, med de föreslagna åtgärderna, ge kortare restid för "
            "arbetspendlande kvinnor och män utan att försämra äldre kvinnors tillgång till "
            "vård. Uppföljningen uppdelad på kön, ålder och bostadsort visar om bedömningen "
            "håller."
        ),
        H("Resurser och finansiering"),
        P(
            "Den nya linjestrukturen minskar kostnaderna för linjetrafiken med cirka "
            "3,2 miljoner kronor per år. Anropstrafiken beräknas kosta 1,1 miljoner kronor per "
            "år och åtgärderna vid hållplatserna 450 000 kronor som engångskostnad. "
            "Kostnaderna ryms inom Länstrafikens budget."
        ),
        H("Beredningsansvariga"),
        B(
            "Trafikplanerare, Länstrafiken i Norrbotten",
            "Jämställdhetsstrateg, avdelningen Regional utveckling",
        ),
        H("Beslutsunderlag"),
        B(
            "Tjänsteskrivelse 2024-09-18",
            "Resvaneundersökning Norrbotten 2022, könsuppdelade resultat",
            "Rapport från trygghetsvandring i Rosvik, maj 2024",
        ),
        H("Beslutet expedieras till"),
        P("Länstrafiken i Norrbotten, Piteå kommun, Älvsbyns kommun"),
    ],
)

ELDERLY_CARE_FEE_MEDIUM = Sample(
    name="elderly_care_fee_medium",
    title="Ändrad avgift för hemtjänst från och med 2025",
    headings="bold",
    header=[
        "Luleå kommun\tTjänsteskrivelse",
        "Socialförvaltningen\tDnr SN 2024/612",
        "\t2024-11-05",
    ],
    blocks=[
        H("Sammanfattning"),
        P(
            "Socialförvaltningen föreslår att avgiften för hemtjänst ändras från en timtaxa till "
            "en nivåbaserad månadsavgift från och med den 1 februari 2025. Syftet är att "
            "avgiften ska bli enklare att förstå och mer förutsägbar för den enskilde. "
            "Samtidigt föreslås att avgiften för trygghetslarm höjs från 250 till 300 kronor "
            "per månad. Avgifterna ryms alltid inom maxtaxan, och ingen brukare ska betala mer "
            "än sitt avgiftsutrymme."
        ),
        H("Förslag till beslut"),
        P("Socialnämnden föreslår kommunfullmäktige besluta"),
        B(
            "att anta nivåbaserad avgift för hemtjänst enligt bilaga 1 från och med den "
            "1 februari 2025,",
            "att avgiften för trygghetslarm fastställs till 300 kronor per månad.",
        ),
        H("Bakgrund"),
        P(
            "I dag debiteras hemtjänsten per utförd timme upp till maxtaxan, som 2024 är "
            f"2{NBSP}390 kronor per månad. Timtaxan gör att avgiften kan variera kraftigt "
            "mellan månader, och förvaltningen får varje år ett stort antal frågor från "
            "brukare och anhöriga om fakturorna."
        ),
        P(
            f"I oktober 2024 hade 1{NBSP}180 personer beslut om hemtjänst i kommunen. En "
            "majoritet av brukarna är över 80 år och de flesta bor ensamma. Den genomsnittliga "
            f"avgiften var 1{NBSP}450 kronor per månad, och 23 procent av brukarna betalade "
            "ingen avgift alls eftersom deras inkomster låg under förbehållsbeloppet."
        ),
        P(
            "Hemtjänsten utförs av 310 medarbetare, varav 88 procent är kvinnor. Personalens "
            "arbetssituation påverkas inte av förslaget."
        ),
        P("Förslaget innebär tre avgiftsnivåer:"),
        TBL(
            ["Nivå", "Beviljad tid per månad", "Avgift per månad"],
            ["1", "upp till 10 timmar", "800 kronor"],
            ["2", "10–25 timmar", f"1{NBSP}600 kronor"],
            ["3", "mer än 25 timmar", "maxtaxa"],
        ),
        P(
            "Med dagens beslut om insatser skulle 41 procent av brukarna hamna på nivå 1, "
            "35 procent på nivå 2 och 24 procent på nivå 3."
        ),
        H("Konsekvenser"),
        P(
            "För brukare med få timmar blir avgiften i de flesta fall lägre än i dag, medan "
            "brukare med omfattande insatser inte påverkas eftersom de redan betalar maxtaxa. "
            "Förvaltningen bedömer att ungefär 140 brukare får en högre avgift, i genomsnitt "
            "120 kronor per månad. Den nya modellen minskar också den administrativa "
            "hanteringen av fakturor med uppskattningsvis en halv årsarbetare."
        ),
        P("Höjningen av avgiften för trygghetslarm berör cirka 900 larmkunder."),
        H("Ekonomi"),
        P(
            "Förvaltningen beräknar att avgiftsintäkterna ökar med cirka 0,6 miljoner kronor "
            "per år, varav huvuddelen avser trygghetslarm."
        ),
        H("Jämställdhetsanalys"),
        P(
            "Kvinnor har i genomsnitt lägre inkomster än män. Förslaget bedöms sammantaget "
            "gynna jämställdheten, eftersom avgiften blir mer förutsägbar och aldrig överstiger "
            "avgiftsutrymmet. Förslaget ligger i linje med strävan efter en jämställd "
            "äldreomsorg. Förvaltningen ska verka för att avgiftssystemet på sikt blir mer "
            "jämställt."
        ),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2024-11-05"),
        P("Bilaga 1 Avgifter inom äldreomsorgen 2025"),
        H("Beslutet expedieras till"),
        P("Kommunfullmäktige"),
        P("Avgiftshandläggarna, socialförvaltningen"),
    ],
)

UTILITY_EASEMENT_TECHNICAL = Sample(
    name="utility_easement_technical",
    title="Upplåtelse av ledningsrätt för dagvattenledning inom fastigheten Sunderby 4:12",
    headings="styles",
    title_style="Title",
    header=["Region Norrbotten\tTjänsteskrivelse", "Dnr RS 2024/2210\t2024-12-02"],
    blocks=[
        H("Sammanfattning"),
        P(
            "Luleå Energi AB har ansökt hos Lantmäteriet om ledningsrätt för en ny "
            "dagvattenledning som ska passera regionens fastighet Sunderby 4:12. Ledningen dras "
            "i befintlig ledningsgata längs fastighetens norra gräns. Förvaltningen föreslår "
            "att regionen medger ledningsrätten mot en ersättning på 86 400 kronor enligt "
            "Lantmäteriets värdering."
        ),
        H("Förslag till beslut"),
        P("Regionstyrelsen beslutar"),
        B(
            "att medge att ledningsrätt upplåts för Luleå Energi AB inom fastigheten "
            "Sunderby 4:12 enligt bilagd karta,",
            "att godkänna en engångsersättning på 86 400 kronor,",
            "att uppdra åt fastighetschefen att underteckna överenskommelse om ledningsrätt.",
        ),
        H("Ärendet"),
        P(
            "Luleå Energi AB bygger ut dagvattennätet i Sunderbyn för att minska risken för "
            "översvämningar vid kraftiga skyfall. Den nya ledningen är 310 meter lång och dras "
            "i mark som redan i dag är belastad av en ledningsrätt för fjärrvärme från 1998. "
            "Ledningen förläggs på 2,5 meters djup och marken återställs efter arbetet."
        ),
        P(
            "Lantmäteriet har värderat intrånget enligt 13 § ledningsrättslagen och "
            "expropriationslagens ersättningsregler. Ersättningen framgår av tabell 1."
        ),
        P("Tabell 1. Ersättning för intrång"),
        TBL(
            ["Post", "Yta (m²)", "Belopp (kr)"],
            ["Intrång i skogsmark", "1 240", "37 200"],
            ["Intrång i parkmark", "620", "31 920"],
            ["Påslag 25 procent", "–", "17 280"],
            ["Summa", "1 860", "86 400"],
        ),
        P(
            "Ledningen påverkar inte sjukhusets verksamhet, parkeringar eller tillfartsvägar. "
            "Arbetet utförs under juni–augusti 2025 inom ett inhägnat område i skogsmark som "
            "inte används av verksamheten."
        ),
        H("Bedömda resultat och konsekvenser"),
        P(
            "Beslutet får inga konsekvenser för regionens verksamhet utöver ersättningen. "
            "Ledningsrätten innebär ingen begränsning av regionens planerade användning av "
            "fastigheten enligt gällande detaljplan."
        ),
        H("Ekonomiska konsekvenser"),
        P(
            "Ersättningen på 86 400 kronor redovisas som en intäkt för fastighetsförvaltningen "
            "2025."
        ),
        H("Jämställdhet"),
        P(
            "Beslutet avser enbart upplåtelse av ledningsrätt i mark mellan regionen som "
            "fastighetsägare och Luleå Energi AB som ledningsägare. Det påverkar inte vilka "
            "tjänster, avgifter eller arbetsvillkor som gäller för någon, och inga enskilda "
            "personer berörs, varken patienter, besökare, medarbetare eller invånare. Beslutet "
            "har därför ingen betydelse för jämställdheten mellan kvinnor och män."
        ),
        H("Beslutsunderlag"),
        B(
            "Ansökan om ledningsförrättning, Luleå Energi AB, 2024-10-14",
            "Värderingsutlåtande, Lantmäteriet, 2024-11-20",
            "Karta över ledningens sträckning",
        ),
        H("Beslutet expedieras till"),
        P("Luleå Energi AB"),
        P("Lantmäteriet"),
        P("Fastighetsavdelningen"),
    ],
)

PRESCHOOL_HOURS_CIRCULAR = Sample(
    name="preschool_hours_circular",
    title="Ändrade öppettider i förskolan från och med höstterminen 2025",
    headings="bold",
    header=None,
    blocks=[
        P("Barn- och utbildningsförvaltningen"),
        P("Dnr BUN 2025/0212"),
        P("2025-02-11"),
        T("Ändrade öppettider i förskolan från och med höstterminen 2025"),
        H("Sammanfattning"),
        P(
            "Förvaltningen föreslår att förskolornas ordinarie öppettider ändras från "
            "06.00–18.30 till 06.30–18.00 från och med den 11 augusti 2025. Vårdnadshavare som "
            "behöver omsorg före 06.30 eller efter 18.00 erbjuds plats på förskolan Solrosen, "
            "som får utökade öppettider. Förslaget bygger på en kartläggning av barnens "
            "faktiska närvarotider under våren 2024."
        ),
        H("Förslag till beslut"),
        P(
            "Barn- och utbildningsnämnden beslutar att ändra förskolornas öppettider enligt "
            "förvaltningens förslag från och med den 11 augusti 2025."
        ),
        H("Ärendebeskrivning"),
        P(
            "Kommunen har 31 kommunala förskolor med sammanlagt 2 340 inskrivna barn. "
            "Förskolorna har i dag öppet 06.00–18.30, men kartläggningen visar att få barn "
            "utnyttjar de tidigaste och senaste timmarna. Under mätperioden lämnades i "
            "genomsnitt 4 procent av barnen före 06.30, och 2,5 % hämtades efter 18.00. På 19 "
            "av förskolorna fanns under vissa veckor inga barn alls närvarande efter 18.00."
        ),
        P(
            "De långa öppettiderna kräver att personal schemaläggs i ytterkanterna av dagen, "
            "vilket minskar antalet pedagoger under den tid då flest barn är på plats. Med "
            "kortare öppettider kan bemanningen koncentreras till kärntiden 08.00–16.00."
        ),
        P(
            "Förvaltningen har informerat vårdnadshavarna genom förskolornas lärplattform och "
            "genomfört en enkät som besvarades av 1 120 föräldrar. Av dem angav 96 procent att "
            "de inte påverkas av förslaget."
        ),
        P("Förslaget innebär i korthet:"),
        B(
            "ordinarie öppettid 06.30–18.00 på alla kommunala förskolor,",
            "utökad öppettid 05.30–19.00 på förskolan Solrosen för barn till vårdnadshavare "
            "med arbetstider som kräver det,",
            "att behovet av omsorg på obekväm tid prövas vid ansökan, som i dag.",
        ),
        H("Konsekvensbeskrivning"),
        P(
            "Förslaget ger bättre förutsättningar för undervisningen under kärntiden och bedöms "
            "minska behovet av vikarier. För de familjer som behöver omsorg tidigt eller sent "
            "innebär förslaget att barnet kan behöva byta förskola, vilket kan ge längre "
            "resväg. Enligt kartläggningen gäller det ett trettiotal barn."
        ),
        H("Barnperspektiv"),
        P(
            "Barnens bästa har beaktats. Förslaget innebär att fler pedagoger finns på plats "
            "när flest barn är närvarande, vilket gynnar barnen. För de barn som behöver byta "
            "till Solrosen ska övergången planeras tillsammans med vårdnadshavarna."
        ),
        H("Jämställdhetsperspektiv"),
        P(
            "Förslaget bedöms inte få några konsekvenser ur ett jämställdhetsperspektiv "
            "eftersom ärendet inte berör jämställdhetsfrågor."
        ),
        H("Ekonomiska konsekvenser"),
        P(
            "Förslaget beräknas minska personalkostnaderna för tidig och sen omsorg med cirka "
            "2,8 miljoner kronor per år. Medlen används för att förstärka bemanningen under "
            "kärntiden."
        ),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2025-02-11"),
        P("Kartläggning av närvarotider i förskolan, våren 2024"),
        P("Sammanställning av enkät till vårdnadshavare"),
        H("Beslutet expedieras till"),
        P("Förskolecheferna"),
        P("Facklig samverkansgrupp"),
    ],
)

MOBILE_CARE_TEAM_HEALTH = Sample(
    name="mobile_care_team_health",
    title="Inrättande av mobilt närsjukvårdsteam i Östra Norrbotten",
    headings="styles",
    swedish_style_ids=True,
    header=[
        "Region Norrbotten\tTjänsteskrivelse",
        "Hälso- och sjukvårdsnämnden\tDnr HSN 2024/0451",
        "\t2024-05-21",
    ],
    blocks=[
        H("Sammanfattning"),
        P(
            "Hälso- och sjukvårdsförvaltningen föreslår att ett mobilt närsjukvårdsteam inrättas "
            "i Haparanda, Övertorneå och Pajala kommuner från och med den 1 oktober 2024. Teamet "
            "ska ge sjukvård i hemmet till patienter med stora och sammansatta vårdbehov, främst "
            "multisjuka äldre, och minska antalet undvikbara akutbesök och inläggningar. Teamet "
            "bemannas med läkare, sjuksköterskor och fysioterapeut och arbetar tillsammans med "
            "den kommunala hemsjukvården."
        ),
        H("Förslag till beslut"),
        P("Hälso- och sjukvårdsnämnden beslutar"),
        B(
            "att inrätta ett mobilt närsjukvårdsteam i Östra Norrbotten från och med den "
            "1 oktober 2024,",
            "att finansiera verksamheten 2024 inom ramen för statsbidraget för en god och nära "
            "vård.",
        ),
        H("Ärendet"),
        P(
            "Länsinvånarna i Östra Norrbotten har långt till sjukhus. För invånarna i Pajala är "
            "avståndet till Sunderby sjukhus drygt 30 mil. Andelen invånare över 80 år är högre "
            "än i länet som helhet, och många av dem har flera kroniska sjukdomar samtidigt."
        ),
        P(
            "Under 2023 hade 612 patienter från de tre kommunerna minst två oplanerade "
            "vårdtillfällen i slutenvården. Patienterna var i genomsnitt 79 år. Läkarna bedömer "
            "att ungefär 60 procent av vårdtillfällena hade kunnat undvikas med tidigare insatser "
            "i hemmet."
        ),
        P("Tabell 1. Patienter med minst två oplanerade vårdtillfällen 2023, per åldersgrupp"),
        TBL(
            ["Åldersgrupp", "Antal patienter", "Andel"],
            ["0–64 år", "74", "12 %"],
            ["65–79 år", "198", "32 %"],
            ["80 år och äldre", "340", "56 %"],
            ["Totalt", "612", "100 %"],
        ),
        P(
            "Erfarenheterna från de mobila teamen i Kalix och Gällivare visar att antalet "
            "akutbesök bland de inskrivna patienterna minskade med en tredjedel under det "
            "första året."
        ),
        H("Bedömda resultat och konsekvenser"),
        P(
            "Patienterna får vård i hemmet i stället för att transporteras långa sträckor till "
            "sjukhus. Förvaltningen bedömer att antalet oplanerade vårdtillfällen för de "
            "inskrivna patienterna kan minska med 25–30 procent. För vårdtagarna och deras "
            "närstående innebär det färre resor och en tryggare vardag."
        ),
        P(
            "Teamet förväntas också avlasta akutmottagningen på Sunderby sjukhus och "
            "hälsocentralerna i de tre kommunerna."
        ),
        H2("Jämställdhet och jämlikhet"),
        P(
            "Jämställd och jämlik vård är en viktig del av regionens uppdrag. Det mobila teamet "
            "ger bättre tillgång till vård för de mest sjuka äldre i glesbygd och bidrar därmed "
            "till en mer jämlik vård. Förslaget bedöms bidra positivt till en jämställd vård."
        ),
        H("Resurser och finansiering"),
        P(
            "Teamet beräknas kosta 6,4 miljoner kronor per helår, varav 1,6 miljoner kronor "
            "avser 2024. Kostnaden för 2024 finansieras med statsbidraget för en god och nära "
            "vård. Från 2025 ska kostnaden rymmas i hälso- och sjukvårdsförvaltningens budget, "
            "och förvaltningen bedömer att minskade kostnader för slutenvård täcker en stor "
            "del av den."
        ),
        H("Beredningsansvariga"),
        P("Verksamhetschef närsjukvård Östra Norrbotten"),
        P("Regional utvecklingsstrateg, Nära vård"),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2024-05-21"),
        P("Utvärdering av mobila team i Kalix och Gällivare, 2023"),
        H("Beslutet expedieras till"),
        P("Hälso- och sjukvårdsdirektören"),
        P("Haparanda, Övertorneå och Pajala kommuner"),
    ],
)

ASSOCIATION_GRANTS_GAPS = Sample(
    name="association_grants_gaps",
    title="Fördelning av föreningsbidrag 2025",
    headings="bold",
    # Word often splits a heading into several runs (spell check, rsids).
    split_bold_headings=("Förslag till beslut", "Beslutet expedieras till"),
    header=[
        "Piteå kommun\tTjänsteskrivelse",
        "Kultur, park och fritid\tDnr KFN 2024/0388",
        "\t2024-04-16",
    ],
    blocks=[
        H("Sammanfattning"),
        P(
            "Kultur- och fritidsnämnden fördelar varje år aktivitetsstöd, lokalbidrag och "
            "arrangemangsbidrag till föreningar i kommunen. Förvaltningen föreslår att bidragen "
            "för 2025 fördelas enligt gällande riktlinjer, med en total ram på 7,9 miljoner "
            "kronor. Aktivitetsstödet räknas upp med 4 procent."
        ),
        H("Förslag till beslut"),
        P("Kultur- och fritidsnämnden beslutar"),
        B(
            "att fördela föreningsbidrag för 2025 enligt bilaga 1,",
            "att aktivitetsstödet räknas upp med 4 procent till 14,50 kronor per "
            "deltagartillfälle.",
        ),
        H("Ärendet"),
        P(
            "Aktivitetsstödet betalas ut per deltagartillfälle för barn och unga i åldern "
            f"7–20 år. Under 2023 redovisade 86 föreningar sammanlagt 312{NBSP}000 "
            "bidragsberättigade deltagartillfällen. Flickor stod för 38 procent av "
            "deltagartillfällena och pojkar för 62 procent."
        ),
        P(
            "Skillnaden mellan flickor och pojkar ökar med åldern. I åldern 7–12 år är "
            "fördelningen nästan jämn, med 47 procent flickor, medan flickornas andel i åldern "
            "13–20 år är 31 procent. Det är framför allt lagidrotter som ishockey, fotboll och "
            "innebandy, där pojkarna är i majoritet, som redovisar många deltagartillfällen."
        ),
        P("Tabell 1. Deltagartillfällen 2023 per åldersgrupp och kön"),
        TBL(
            ["Åldersgrupp", "Flickor", "Pojkar", "Totalt", "Andel flickor"],
            ["7–12 år", f"63{NBSP}900", f"72{NBSP}100", f"136{NBSP}000", "47 %"],
            ["13–20 år", f"54{NBSP}600", f"121{NBSP}400", f"176{NBSP}000", "31 %"],
            ["Totalt", f"118{NBSP}500", f"193{NBSP}500", f"312{NBSP}000", "38 %"],
        ),
        P(
            "Av de 640 ledare som fått ledarutbildningsbidrag under 2023 är 41 procent kvinnor "
            "och 59 procent män."
        ),
        P(
            "Lokalbidraget går till föreningar som äger eller hyr egna lokaler. För 2025 "
            "föreslås 23 föreningar få lokalbidrag, samma antal som 2024."
        ),
        H("Konsekvenser"),
        P(
            "Eftersom aktivitetsstödet fördelas per deltagartillfälle går en större del av "
            "stödet till verksamhet för pojkar än för flickor. Med den föreslagna uppräkningen "
            "får verksamhet för pojkar cirka 2,8 miljoner kronor och verksamhet för flickor "
            "cirka 1,7 miljoner kronor i aktivitetsstöd 2025. Skillnaden är störst bland "
            "tonåringarna: flickor slutar i högre grad än pojkar med organiserad idrott i "
            "13–15-årsåldern."
        ),
        P(
            "Uppräkningen av aktivitetsstödet med 4 procent gynnar alla föreningar i "
            "proportion till deras redovisade verksamhet."
        ),
        H("Ekonomi"),
        P(
            "Den totala ramen för föreningsbidrag 2025 är 7,9 miljoner kronor, varav "
            "4,5 miljoner kronor aktivitetsstöd, 2,9 miljoner kronor lokalbidrag och "
            "0,5 miljoner kronor arrangemangsbidrag. Ramen ryms i nämndens budget."
        ),
        H("Jämställdhet"),
        P(
            "Statistiken visar att flickor får en mindre del av aktivitetsstödet än pojkar, "
            "eftersom pojkar redovisar fler deltagartillfällen. Skillnaden har varit ungefär "
            "lika stor de senaste fem åren. Bidragen fördelas enligt samma regler för alla "
            "föreningar."
        ),
        H("Barnperspektiv"),
        P(
            "Föreningsbidragen ger barn och unga i hela kommunen möjlighet till en meningsfull "
            "fritid i föreningslivet."
        ),
        H("Beslutsunderlag"),
        P("Bilaga 1 Fördelning av föreningsbidrag 2025"),
        P("Riktlinjer för föreningsbidrag, antagna 2021-03-18"),
        H("Beslutet expedieras till"),
        P("Föreningarna enligt bilaga 1"),
        P("Ekonomienheten"),
    ],
)

WELLNESS_ALLOWANCE_STAFF = Sample(
    name="wellness_allowance_staff",
    title="Höjt friskvårdsbidrag för medarbetare från och med 2024",
    headings="styles",
    title_style="Title",
    header=["Regionstyrelsen\tTjänsteskrivelse\tDnr RS 2024/0187"],
    footer="Region Norrbotten · HR-avdelningen · 2024-02-06",
    blocks=[
        H("Sammanfattning"),
        P(
            "HR-avdelningen föreslår att friskvårdsbidraget för regionens medarbetare höjs från "
            "2 000 kronor till 3 000 kronor per år från och med den 1 april 2024. Höjningen är "
            "en del av regionens arbete för att förbättra personalens hälsa, minska "
            "sjukfrånvaron och stärka regionen som attraktiv arbetsgivare."
        ),
        H("Förslag till beslut"),
        P(
            "Regionstyrelsen beslutar att höja friskvårdsbidraget till 3 000 kronor per "
            "medarbetare och år från och med den 1 april 2024."
        ),
        H("Bakgrund"),
        P(
            "Regionen har cirka 7 300 medarbetare. Friskvårdsbidraget kan användas till motion "
            "och friskvård enligt Skatteverkets regler, till exempel gymkort, simhall och "
            "massage. Bidraget betalas ut mot kvitto och gäller alla tillsvidareanställda och "
            "visstidsanställda med en anställning som är längre än tre månader."
        ),
        P(
            "Under 2023 utnyttjade 52 procent av medarbetarna friskvårdsbidraget, 48 procent av "
            "kvinnorna och 63 procent av männen. Medarbetare över 55 år använder bidraget i "
            "lägre grad än yngre medarbetare, och användningen är lägst inom vård- och "
            "omsorgsyrken med schemalagd arbetstid."
        ),
        P(
            "Sjukfrånvaron i regionen var 7,1 procent 2023, vilket är högre än genomsnittet för "
            "landets regioner. En jämförelse med fem andra regioner visar att fyra av dem har "
            "ett friskvårdsbidrag på 3 000 kronor eller mer."
        ),
        H("Konsekvenser"),
        P(
            "Höjningen gör det möjligt för fler medarbetare att köpa årskort på gym och simhall. "
            "HR-avdelningen bedömer att användningen ökar till cirka 60 procent, vilket på sikt "
            "kan bidra till lägre sjukfrånvaro. Höjningen är också ett sätt att behålla och "
            "rekrytera personal i en tid med stor konkurrens om arbetskraften."
        ),
        P("Förslaget innebär att"),
        B(
            "bidraget höjs till 3 000 kronor per år,",
            "reglerna för vad bidraget får användas till är oförändrade,",
            "medarbetare med en sysselsättningsgrad under 50 procent får halvt bidrag, som i dag.",
        ),
        H("Resurser och finansiering"),
        P(
            "Vid en användning på 60 procent beräknas kostnaden öka från 7,6 till "
            "13,1 miljoner kronor per år, det vill säga med cirka 5,5 miljoner kronor. "
            "Kostnaden finansieras inom regionstyrelsens ram för personalfrämjande åtgärder."
        ),
        H("Jämställdhet"),
        P(
            "Förslaget bedöms inte påverka jämställdheten, eftersom bidraget gäller alla "
            "medarbetare på samma villkor."
        ),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2024-02-06"),
        P("Uppföljning av friskvårdsbidraget 2023"),
        H("Beslutet expedieras till"),
        P("HR-direktören"),
        P("Lönecenter"),
        P("Centrala fackliga organisationer"),
    ],
)

CULTURE_GRANTS_MEASURES = Sample(
    name="culture_grants_measures",
    title="Verksamhetsbidrag till kulturföreningar för barn och unga 2025",
    headings="bold",
    header=[
        "Kalix kommun\tTJÄNSTESKRIVELSE",
        "Kultur- och fritidsförvaltningen\tDnr KFN 2024/0517",
        "\t2024-11-12",
    ],
    blocks=[
        H("Sammanfattning"),
        P(
            "Kultur- och fritidsnämnden fördelar varje år verksamhetsbidrag till ideella "
            "kulturföreningar som bedriver regelbunden verksamhet för barn och unga. Inför 2025 "
            "har 14 föreningar ansökt om sammanlagt 2,1 miljoner kronor. Förvaltningen föreslår "
            "att 1,8 miljoner kronor fördelas enligt bilaga 1 och att 150 000 kronor avsätts "
            "till ett utvecklingsbidrag för verksamhet som når de grupper som i dag deltar minst."
        ),
        H("Förslag till beslut"),
        P("Kultur- och fritidsnämnden beslutar"),
        B(
            "att fördela verksamhetsbidrag till kulturföreningar för 2025 enligt bilaga 1,",
            "att avsätta 150 000 kronor till ett utvecklingsbidrag som föreningarna kan söka för "
            "verksamhet riktad till pojkar inom dans och sång och till flickor inom film och "
            "musikproduktion,",
            "att föreningar som får verksamhetsbidrag från och med 2025 ska redovisa sina "
            "deltagare uppdelat på kön.",
        ),
        H("Bakgrund"),
        P(
            "Enligt nämndens riktlinjer ska verksamhetsbidraget stödja föreningar som ger barn "
            "och unga mellan 6 och 20 år möjlighet att utöva musik, dans, teater, film eller "
            "bild och form på sin fritid. Bidraget beräknas utifrån antalet aktiva deltagare och "
            "antalet sammankomster under föregående år."
        ),
        P(
            f"Föreningarna redovisade 1{NBSP}126 aktiva deltagare under 2023, varav 702 flickor "
            "och 424 pojkar. Av föreningarnas 96 ledare är 61 kvinnor och 35 män."
        ),
        P("Tabell 1. Aktiva deltagare 2023 per verksamhetsområde och kön"),
        TBL(
            ["Verksamhetsområde", "Flickor", "Pojkar", "Totalt"],
            ["Dans", "318", "41", "359"],
            ["Sång och kör", "164", "38", "202"],
            ["Teater", "97", "62", "159"],
            ["Musik, instrument", "88", "173", "261"],
            ["Film och musikproduktion", "35", "110", "145"],
            ["Totalt", "702", "424", f"1{NBSP}126"],
        ),
        P("Källa: föreningarnas verksamhetsberättelser för 2023."),
        P(
            "Flickorna är i stor majoritet inom dans och sång, medan pojkarna dominerar inom "
            "instrumentalmusik, film och musikproduktion. Fördelningen har sett likadan ut de "
            "senaste tre åren. Flera föreningar uppger att de har svårt att locka pojkar till "
            "dansen och att flickor som vill göra musik på dator sällan hittar till "
            "studioverksamheten."
        ),
        P(
            "Nästan alla föreningar har sina lokaler i centralorten. Barn och unga som bor i "
            "byarna längs älven har därför längre resväg till verksamheten, och föreningarna "
            "har få deltagare därifrån."
        ),
        H("Förvaltningens bedömning"),
        P(
            "Eftersom bidraget beräknas per deltagare får föreningarna inom dans och sång, där "
            "sju av tio deltagare är flickor, cirka 1,0 miljon kronor av ramen. Bidraget följer "
            "alltså deltagandet, men det förändrar inte att flickor och pojkar i praktiken väljer "
            "mellan olika utbud. Pojkar som vill dansa och flickor som vill producera musik får i "
            "dag ett smalare utbud än andra."
        ),
        P(
            "För att minska skillnaden i vilka kulturformer flickor och pojkar deltar i föreslår "
            "förvaltningen ett utvecklingsbidrag på 150 000 kronor. Föreningarna kan söka det "
            "för prova-på-verksamhet tillsammans med skolorna, för ledare som kan vara förebilder "
            "och för grupper som bara är öppna för pojkar respektive flickor under en "
            "introduktionsperiod. Förvaltningen följer upp utvecklingsbidraget efter ett år."
        ),
        H("Jämställdhetsanalys"),
        P(
            "Förslaget syftar till en jämnare fördelning mellan flickor och pojkar inom "
            "kulturföreningarnas olika verksamheter. Kravet på att föreningarna redovisar sina "
            "deltagare uppdelat på kön gör det möjligt för nämnden att följa hur fördelningen "
            "utvecklas."
        ),
        H("Ekonomi"),
        P(
            "Ramen för verksamhetsbidrag till kulturföreningar är 1,95 miljoner kronor för 2025. "
            "Förslaget ryms inom ramen."
        ),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2024-11-12"),
        P("Bilaga 1 Fördelning av verksamhetsbidrag 2025"),
        H("Beslutet expedieras till"),
        P("De sökande föreningarna"),
        P("Ekonomienheten"),
    ],
)

VIOLENCE_SCREENING_HEALTH = Sample(
    name="violence_screening_health",
    title="Rutinmässiga frågor om våld i nära relationer i primärvården och psykiatrin",
    headings="styles",
    title_style="Title",
    header=["Region Västernorrland\tTjänsteskrivelse", "Hälso- och sjukvårdsnämnden\tDnr HSN 2024/1302"],
    footer="Hälso- och sjukvårdsförvaltningen · 2024-12-10",
    blocks=[
        H("Sammanfattning"),
        P(
            "Hälso- och sjukvårdsförvaltningen föreslår att rutinmässiga frågor om "
            "våldsutsatthet införs för patienter från 18 år på regionens hälsocentraler och "
            "inom den specialiserade psykiatrin från och med den 1 mars 2025. Frågorna har "
            "prövats på fyra hälsocentraler under 2023 och 2024. Syftet är att våld i nära "
            "relationer ska upptäckas tidigare och att de som utsatts ska erbjudas stöd, vård "
            "och hänvisning till socialtjänsten eller kvinnojourerna."
        ),
        H("Förslag till beslut"),
        P("Hälso- och sjukvårdsnämnden beslutar"),
        B(
            "att rutinmässiga frågor om våldsutsatthet införs på samtliga hälsocentraler och "
            "inom den specialiserade psykiatrin från och med den 1 mars 2025,",
            "att uppdra åt hälso- och sjukvårdsdirektören att ta fram en utbildningsplan för "
            "berörd personal.",
        ),
        H("Ärendet"),
        P(
            "Våld i nära relationer är ett allvarligt folkhälsoproblem. Enligt den nationella "
            "trygghetsundersökningen har var tionde länsinvånare någon gång utsatts för våld av "
            "en närstående. Många söker vård för skador, smärta och psykisk ohälsa utan att "
            "våldet kommer fram i mötet med vården."
        ),
        H2("Erfarenheter från pilotverksamheten"),
        P(
            f"Under pilotperioden ställdes frågorna till 2{NBSP}310 patienter, och 164 av dem "
            "uppgav att de hade utsatts för våld i en nära relation under det senaste året. Av de "
            "våldsutsatta var 133 kvinnor och 31 män."
        ),
        P(
            "Vårdtagarnas erfarenheter har samlats in med en enkät. Nio av tio patienter tyckte "
            "att det var naturligt att vården frågade om våld, och ingen av de tillfrågade ville "
            "att frågorna skulle tas bort. Personalen uppger att frågorna i genomsnitt tar fem "
            "minuter extra per besök."
        ),
        P(
            "Regionen samverkar med kommunernas socialtjänst och med de fyra kvinnojourerna i "
            "länet. Under pilotperioden tog kvinnojourerna emot dubbelt så många hänvisningar "
            "från pilotenheterna som från övriga hälsocentraler."
        ),
        H("Bedömda resultat och konsekvenser"),
        P(
            "Förvaltningen bedömer att fler patienter som utsätts för våld kommer att upptäckas "
            "och få stöd i ett tidigare skede. Patienterna får en fast rutin för hur frågorna "
            "ställs och vart de kan vända sig, och personalen får stöd i hur de ska agera när "
            "någon berättar om våld."
        ),
        P(
            "Äldre patienter och patienter med funktionsnedsättning är grupper där våld sällan "
            "upptäcks i dag. Frågorna ska därför också ställas vid hembesök och i "
            "hemsjukvården, där många av länsinvånarna med störst vårdbehov möts."
        ),
        H("Jämställdhet"),
        P(
            "Kvinnor utsätts i högre grad än män för upprepat och grovt våld i nära relationer. "
            "Rutinen ska gälla alla patienter oavsett kön. Frågorna är en åtgärd mot mäns våld "
            "mot kvinnor och ligger i linje med det jämställdhetspolitiska delmålet att mäns våld "
            "mot kvinnor ska upphöra. Förslaget bedöms ha positiva effekter för jämställdheten."
        ),
        H("Resurser och finansiering"),
        P(
            "Utbildningen av personalen beräknas kosta 1,2 miljoner kronor under 2025 och "
            "finansieras inom förvaltningens budget för kompetensutveckling."
        ),
        H("Beredningsansvariga"),
        P("Verksamhetschef primärvård"),
        P("Folkhälsostrateg, Hälso- och sjukvårdsförvaltningen"),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2024-12-10"),
        P("Utvärdering av pilotverksamheten 2023–2024"),
        H("Beslutet expedieras till"),
        P("Hälso- och sjukvårdsdirektören"),
        P("Verksamhetschefer inom primärvården och psykiatrin"),
    ],
)

SUMMER_JOBS_YOUTH = Sample(
    name="summer_jobs_youth",
    title="Feriepraktik för ungdomar sommaren 2025",
    headings="styles",
    swedish_style_ids=True,
    header=None,
    footer="Skellefteå kommun · Arbetsmarknadsförvaltningen · Dnr AMN 2025/0046 · 2025-01-21",
    blocks=[
        H("Sammanfattning av ärendet"),
        P(
            "Arbetsmarknadsförvaltningen föreslår att kommunen erbjuder 420 platser för "
            "feriepraktik sommaren 2025, lika många som förra året. Praktiken omfattar tre veckor "
            "och riktar sig till ungdomar som går ut årskurs 9 eller årskurs 1 eller 2 på "
            "gymnasiet och som är folkbokförda i kommunen. Ersättningen föreslås höjas från 62 "
            "till 68 kronor i timmen."
        ),
        H("Beslutsförslag"),
        P(
            "Arbetsmarknadsnämnden beslutar att erbjuda 420 platser för feriepraktik sommaren "
            "2025 och att fastställa ersättningen till 68 kronor per timme."
        ),
        H("Bakgrund"),
        P(
            "Feriepraktiken ska ge unga en första kontakt med arbetslivet och en inblick i "
            "kommunens verksamheter. Platserna finns främst inom äldreomsorgen, förskolan, "
            "fritidsgårdarna och gatu- och parkenheten."
        ),
        P(
            f"Under 2024 sökte 1{NBSP}046 ungdomar feriepraktik, och 418 av dem fick en plats. "
            "Platserna fördelas genom lottning bland de behöriga sökande."
        ),
        P("Tabell 1. Sökande och erbjudna platser 2024 efter ålder"),
        TBL(
            ["", "15 år", "16 år", "17 år", "Totalt"],
            ["Sökande", "402", "371", "273", f"1{NBSP}046"],
            ["Erbjudna platser", "160", "148", "110", "418"],
        ),
        P(
            "Ungdomar i ytterområdena och i byarna söker i lägre grad än ungdomar i centralorten. "
            "Förvaltningen har därför tillsammans med skolornas studie- och yrkesvägledare "
            "informerat om feriepraktiken på alla högstadieskolor och gymnasieskolor."
        ),
        H("Överväganden"),
        P(
            "Höjningen av ersättningen innebär att en praktikant som arbetar 90 timmar får "
            f"6{NBSP}120 kronor före skatt i stället för 5{NBSP}580 kronor. Praktiken ger "
            "ungdomarna arbetslivserfarenhet och referenser inför framtida sommarjobb. För "
            "verksamheterna innebär feriepraktikanterna en avlastning under semesterperioden."
        ),
        P(
            "Liksom tidigare år kommer de flesta platserna att finnas inom vård, omsorg och "
            "förskola, där behovet av extra händer är störst under sommaren."
        ),
        H("Ekonomiska konsekvenser"),
        P(
            "Feriepraktiken beräknas kosta 3,9 miljoner kronor inklusive sociala avgifter och "
            "handledning. Kostnaden ryms inom arbetsmarknadsnämndens budget för 2025."
        ),
        H("Jämställdhetsperspektiv"),
        P(
            "Förslaget bedöms inte påverka jämställdheten, eftersom feriepraktiken är öppen för "
            "alla ungdomar i åldersgruppen och platserna fördelas genom lottning."
        ),
        H("Beslutsunderlag"),
        P("Tjänsteskrivelse 2025-01-21"),
        P("Uppföljning av feriepraktiken 2024"),
        H("Beslutet expedieras till"),
        P("Arbetsmarknadsförvaltningen"),
        P("Studie- och yrkesvägledarna"),
    ],
)

SAMPLES = [
    BUS_ROUTES_WEAK,
    BUS_ROUTES_STRONG,
    ELDERLY_CARE_FEE_MEDIUM,
    UTILITY_EASEMENT_TECHNICAL,
    PRESCHOOL_HOURS_CIRCULAR,
    MOBILE_CARE_TEAM_HEALTH,
    ASSOCIATION_GRANTS_GAPS,
    WELLNESS_ALLOWANCE_STAFF,
    CULTURE_GRANTS_MEASURES,
    VIOLENCE_SCREENING_HEALTH,
    SUMMER_JOBS_YOUTH,
]


# --------------------------------------------------------------------------
# rendering


def _use_swedish_style_ids(doc) -> None:
    """Rename style ids the way a Swedish Word writes them, keeping references intact."""
    trees = [doc.styles.element, doc.part.numbering_part.element]
    for tree in trees:
        for el in tree.iter(qn("w:style")):
            old = el.get(qn("w:styleId"))
            if old in SWEDISH_STYLE_IDS:
                el.set(qn("w:styleId"), SWEDISH_STYLE_IDS[old])
        for tag in ("w:basedOn", "w:next", "w:link", "w:pStyle", "w:rStyle", "w:tblStyle"):
            for el in tree.iter(qn(tag)):
                old = el.get(qn("w:val"))
                if old in SWEDISH_STYLE_IDS:
                    el.set(qn("w:val"), SWEDISH_STYLE_IDS[old])


def _set_swedish_language(doc) -> None:
    """Mark the Normal style as Swedish, as in a document written in a Swedish Word."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "sv-SE")
    rpr.append(lang)


def _bold_line(doc, text: str, size: int | None = None, split: bool = False):
    """A Normal paragraph that looks like a heading: bold run(s), no heading style."""
    para = doc.add_paragraph()
    parts = [text]
    if split and " " in text:
        head, tail = text.rsplit(" ", 1)
        parts = [head + " ", tail]
    for part in parts:
        run = para.add_run(part)
        run.bold = True
        if size:
            run.font.size = Pt(size)
    return para


def _add_table(doc, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            para = table.cell(r, c).paragraphs[0]
            run = para.add_run(text)
            run.bold = r == 0


def build(sample: Sample) -> Document:
    doc = Document()
    if sample.swedish_style_ids:
        _use_swedish_style_ids(doc)
    _set_swedish_language(doc)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    if sample.header:
        header = section.header
        header.paragraphs[0].text = sample.header[0]
        for line in sample.header[1:]:
            header.add_paragraph(line)
    if sample.footer:
        section.footer.paragraphs[0].text = sample.footer

    props = doc.core_properties
    props.title = sample.title
    props.author = "Handläggare"
    props.last_modified_by = "Handläggare"
    props.comments = ""
    props.language = "sv-SE"
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    if sample.title_style == "Title":
        levels = {"title": "Title", "h": "Heading 1", "h2": "Heading 2"}
    else:
        levels = {"title": "Heading 1", "h": "Heading 2", "h2": "Heading 3"}

    blocks = sample.blocks
    if not any(kind == "title" for kind, _ in blocks):
        blocks = [T(sample.title), *blocks]
    for kind, content in blocks:
        if kind in levels and sample.headings == "styles":
            doc.add_paragraph(content, style=levels[kind])
        elif kind == "title":
            _bold_line(doc, content, size=14)
        elif kind in ("h", "h2"):
            _bold_line(doc, content, split=content in sample.split_bold_headings)
        elif kind == "p":
            doc.add_paragraph(content)
        elif kind == "bullets":
            for item in content:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            _add_table(doc, content)
        else:
            raise ValueError(f"{sample.name}: unknown block kind {kind!r}")
    return doc


def to_bytes(doc) -> bytes:
    """Save with fixed zip timestamps so that each run writes identical files."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    for sample in SAMPLES:
        path = HERE / f"{sample.name}.docx"
        path.write_bytes(to_bytes(build(sample)))
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
