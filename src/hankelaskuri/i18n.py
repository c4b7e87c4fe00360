"""Message catalogue and number/date formatting in Finnish (default), Swedish and English.

Every text a user sees comes from here, keyed by a stable code. Money is formatted the
Finnish way (``1 234 567,89 €``) in Finnish and Swedish, and ``€1,234,567.89`` in English;
dates as ``1.10.2024`` (fi, sv) or ``2024-10-01`` (en).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

LANGS = ("fi", "sv", "en")

# Labels: category, funding row and table headings.
LABELS: dict[str, tuple[str, str, str]] = {
    # cost categories
    "staff": ("Henkilöstökustannukset", "Personalkostnader", "Staff costs"),
    "purchased_services": ("Ostopalvelut", "Köpta tjänster", "Purchased services"),
    "travel": ("Matkakustannukset", "Resekostnader", "Travel"),
    "equipment": ("Kone- ja laitehankinnat", "Maskin- och anordningsanskaffningar", "Equipment"),
    "rents": ("Vuokrat", "Hyror", "Rents"),
    "other": ("Muut kustannukset", "Övriga kostnader", "Other costs"),
    "investments": ("Investoinnit", "Investeringar", "Investments"),
    "flat_rate": ("Prosenttimääräinen korvaus", "Procentuell ersättning", "Flat rate"),
    "lump_sum": ("Kertakorvaus", "Engångsersättning", "Lump sum"),
    "voluntary_work": ("Talkootyö", "Talkoarbete", "Voluntary work"),
    # funding rows
    "support": ("Haettava tuki", "Sökt stöd", "Support"),
    "eu": ("EU:n osuus", "EU:s andel", "EU share"),
    "state": ("Valtion osuus", "Statens andel", "State share"),
    "support_municipal": (
        "Kuntien osuus (julkinen tuki)",
        "Kommunernas andel (offentligt stöd)",
        "Municipal share of support",
    ),
    "municipal": ("Kuntarahoitus", "Kommunal finansiering", "Municipal funding"),
    "other_public": ("Muu julkinen rahoitus", "Övrig offentlig finansiering", "Other public"),
    "private": ("Yksityinen rahoitus", "Privat finansiering", "Private funding"),
    "in_kind": ("Luontoissuoritukset", "Naturaprestationer", "In-kind"),
    "own": ("Omarahoitus", "Egen finansiering", "Own funding"),
    # headings and words
    "cost_estimate": ("Kustannusarvio", "Kostnadsberäkning", "Cost estimate"),
    "funding_plan": ("Rahoitussuunnitelma", "Finansieringsplan", "Funding plan"),
    "municipal_shares": ("Kuntaosuudet", "Kommunandelar", "Municipal shares"),
    "findings": ("Havainnot", "Iakttagelser", "Findings"),
    "partners": ("Toteuttajat", "Genomförare", "Implementers"),
    "total": ("Yhteensä", "Totalt", "Total"),
    "total_cost": ("Kustannukset yhteensä", "Kostnader totalt", "Total cost"),
    "income": ("Tulot", "Intäkter", "Income"),
    "net_cost": ("Nettokustannukset", "Nettokostnader", "Net cost"),
    "total_funding": ("Rahoitus yhteensä", "Finansiering totalt", "Total funding"),
    "share": ("Osuus", "Andel", "Share"),
    "category": ("Kustannuslaji", "Kostnadsslag", "Category"),
    "row": ("Rahoituslähde", "Finansieringskälla", "Source"),
    "municipality": ("Kunta", "Kommun", "Municipality"),
    "population": ("Asukasluku", "Invånarantal", "Population"),
    "partner": ("Toteuttaja", "Genomförare", "Implementer"),
    "role_main": ("päätoteuttaja", "huvudgenomförare", "main implementer"),
    "role_co": ("osatoteuttaja", "delgenomförare", "co-implementer"),
    "project": ("Hanke", "Projekt", "Project"),
    "programme": ("Ohjelma", "Program", "Programme"),
    "measure": ("Toimenpide", "Åtgärd", "Measure"),
    "authority": ("Rahoittaja", "Finansiär", "Funding authority"),
    "period": ("Toteutusaika", "Genomförandetid", "Period"),
    "case_number": ("Diaarinumero", "Diarienummer", "Case number"),
    "project_number": ("Hankenumero", "Projektnummer", "Project number"),
    "cost_model": ("Kustannusmalli", "Kostnadsmodell", "Cost model"),
    "business_id": ("Y-tunnus", "FO-nummer", "Business ID"),
    "support_rate": ("Tukiprosentti", "Stödprocent", "Support rate"),
    "key": ("Jakoperuste", "Fördelningsgrund", "Split key"),
    "files_checked": ("Tarkistettu", "Kontrollerade", "Checked"),
    "with_errors": ("virheitä", "med fel", "with errors"),
    "with_warnings": ("varoituksia", "med varningar", "with warnings"),
    "unusable": ("käyttökelvottomia", "oanvändbara", "unusable"),
    "files": ("tiedostoa", "filer", "files"),
    "status_ok": ("OK", "OK", "OK"),
    "status_warning": ("VAROITUS", "VARNING", "WARNING"),
    "status_error": ("VIRHE", "FEL", "ERROR"),
    "status_invalid": ("KELVOTON", "OGILTIG", "INVALID"),
    "own_share": ("Omarahoitus", "Egen finansiering", "Own share"),
    "portfolio": (
        "Kuntien sitoumukset yhteensä",
        "Kommunernas åtaganden totalt",
        "Municipal commitments in total",
    ),
    "projects": ("Hankkeita", "Projekt", "Projects"),
    "no_files": (
        "Ei tarkistettavia tiedostoja: {paths}",
        "Inga filer att kontrollera: {paths}",
        "No files to check: {paths}",
    ),
    "no_findings": ("Ei havaintoja.", "Inga iakttagelser.", "No findings."),
    "not_included": (
        "budjetti ei sisälly tähän laskelmaan",
        "budgeten ingår inte i denna kalkyl",
        "budget not included in this calculation",
    ),
    "error": ("virhe", "fel", "error"),
    "warning": ("varoitus", "varning", "warning"),
    "hint": ("vihje", "tips", "hint"),
    "line": ("rivi", "rad", "line"),
    "source": ("Lähde", "Källa", "Source"),
    "valid_from": ("Voimassa alkaen", "Gäller från", "Valid from"),
    "value": ("Arvo", "Värde", "Value"),
    "status": ("Tila", "Status", "Status"),
    "rules": ("Säännöt", "Regler", "Rules"),
    "eligibility": ("Tukikelpoisuusaika", "Stödberättigande period", "Eligibility period"),
    "fund": ("Rahasto", "Fond", "Fund"),
    "e_service": ("Asiointipalvelu", "E-tjänst", "E-service"),
    "population_note": (
        "Asukasluvut {date} ({source})",
        "Invånarantal {date} ({source})",
        "Population {date} ({source})",
    ),
    # split keys
    "key_per_capita": ("asukasluvun mukaan", "enligt invånarantal", "per capita"),
    "key_equal": ("tasan", "lika", "equal shares"),
    "key_fixed": ("kiinteät summat", "fasta belopp", "fixed amounts"),
    "key_percent": ("kiinteät prosenttiosuudet", "fasta procentandelar", "fixed percentages"),
    "key_base_plus_per_capita": (
        "perusosa + asukasluvun mukaan",
        "grunddel + enligt invånarantal",
        "base + per capita",
    ),
    "status_official": ("virallinen", "officiell", "official"),
    "status_secondary": ("toissijainen", "sekundär", "secondary"),
    "status_unconfirmed": ("vahvistamaton", "obekräftad", "unconfirmed"),
    "internal_error": (
        "Sisäinen virhe: {error}. Tämä on ohjelmavirhe; ilmoita siitä ja liitä mukaan "
        "hankkeen tiedosto. Lisätietoja: --debug.",
        "Internt fel: {error}. Detta är ett programfel; rapportera det och bifoga "
        "projektfilen. Mer information: --debug.",
        "Internal error: {error}. This is a bug; please report it with the project file. "
        "More detail: --debug.",
    ),
    "problems_in_file": (
        "{path}: virheitä {count}; laskelmaa ei tehty.",
        "{path}: fel {count}; ingen kalkyl gjordes.",
        "{count} problem(s) in {path}; nothing was calculated.",
    ),
}

# Findings (rule checks on a valid project) and problems (unusable input).
MESSAGES: dict[str, tuple[str, str, str]] = {
    "support_rate_above_max": (
        "Tukiprosentti {rate} ylittää toimenpiteen enimmäistason {max}.",
        "Stödprocenten {rate} överskrider åtgärdens maximinivå {max}.",
        "Support rate {rate} is above the measure's maximum {max}.",
    ),
    "own_share_below_min": (
        "Omarahoitusosuus {share} alittaa vähimmäisosuuden {min}.",
        "Självfinansieringsandelen {share} understiger minimiandelen {min}.",
        "Own share {share} is below the minimum {min}.",
    ),
    "support_above_cap": (
        "Tuki {support} ylittää toimenpiteen enimmäismäärän {cap}.",
        "Stödet {support} överskrider åtgärdens maximibelopp {cap}.",
        "Support {support} is above the measure's cap {cap}.",
    ),
    "funding_exceeds_cost": (
        "Tuki ja muu rahoitus {funding} ylittävät nettokustannukset {cost} "
        "(toteuttaja {partner}); omarahoitus olisi {own}.",
        "Stödet och övrig finansiering {funding} överskrider nettokostnaderna {cost} "
        "(genomförare {partner}); egen finansiering skulle vara {own}.",
        "Support and other funding {funding} exceed the net cost {cost} "
        "(implementer {partner}); own funding would be {own}.",
    ),
    "income_exceeds_cost": (
        "Tulot {income} ylittävät kustannukset {cost} (toteuttaja {partner}).",
        "Intäkterna {income} överskrider kostnaderna {cost} (genomförare {partner}).",
        "Income {income} exceeds the costs {cost} (implementer {partner}).",
    ),
    "funding_not_equal_cost": (
        "Rahoitus {funding} ei ole yhtä suuri kuin nettokustannukset {cost} "
        "(toteuttaja {partner}, erotus {difference}).",
        "Finansieringen {funding} är inte lika med nettokostnaderna {cost} "
        "(genomförare {partner}, skillnad {difference}).",
        "Funding {funding} does not equal the net cost {cost} "
        "(implementer {partner}, difference {difference}).",
    ),
    "dates_outside_programme": (
        "Toteutusaika {start}–{end} ei mahdu ohjelman tukikelpoisuusaikaan {from}–{to}.",
        "Genomförandetiden {start}–{end} ryms inte inom programmets period {from}–{to}.",
        "Project period {start}–{end} is outside the programme's eligibility {from}–{to}.",
    ),
    "lump_sum_amount": (
        "Kertakorvauksen {name} määrä on {amount}, mutta säännön mukainen kiinteä määrä on "
        "{fixed}.",
        "Engångsersättningen {name} är {amount}, men det fasta beloppet enligt reglerna är "
        "{fixed}.",
        "Lump sum {name} is {amount}, but the rule's fixed amount is {fixed}.",
    ),
    "lump_sum_missing": (
        "Kustannusmalli on kertakorvaus, mutta kertakorvausta ei ole annettu.",
        "Kostnadsmodellen är engångsersättning, men ingen engångsersättning har angetts.",
        "The cost model is a lump sum, but no lump sum is given.",
    ),
    "lump_sum_with_costs": (
        "Kertakorvausmallissa ei esitetä erillisiä kustannuksia ({category}).",
        "I modellen med engångsersättning anges inga separata kostnader ({category}).",
        "A lump-sum project has no separate cost lines ({category}).",
    ),
    "lump_sum_not_in_model": (
        "Kertakorvaus {name} edellyttää kertakorvausmallia; valittu malli on {model}.",
        "Engångsersättningen {name} kräver modellen engångsersättning; vald modell är {model}.",
        "Lump sum {name} needs the lump-sum cost model; the chosen model is {model}.",
    ),
    "cost_model_not_allowed": (
        "Kustannusmalli {model} ei ole sallittu toimenpiteessä {measure}; sallitut: {allowed}.",
        "Kostnadsmodellen {model} är inte tillåten i åtgärden {measure}; tillåtna: {allowed}.",
        "Cost model {model} is not allowed for measure {measure}; allowed: {allowed}.",
    ),
    "cost_covered_by_flat_rate": (
        "Kustannuslaji {category} sisältyy prosenttimääräiseen korvaukseen {model} eikä sitä "
        "voi esittää erikseen.",
        "Kostnadsslaget {category} ingår i den procentuella ersättningen {model} och kan inte "
        "anges separat.",
        "Category {category} is covered by the flat rate {model} and cannot be claimed separately.",
    ),
    "public_as_private": (
        "Yksityiseksi rahoitukseksi merkitty {provider} on julkista rahaa; julkinen toimija ei "
        "voi antaa yksityistä rahoitusta.",
        "{provider}, angiven som privat finansiering, är offentliga medel; en offentlig aktör "
        "kan inte ge privat finansiering.",
        "{provider}, given as private funding, is public money; a public body cannot provide "
        "private funding.",
    ),
    "municipal_shares_mismatch": (
        "Kuntaosuudet ovat yhteensä {shares}, mutta kuntarahoitus on {funding}.",
        "Kommunandelarna är totalt {shares}, men den kommunala finansieringen är {funding}.",
        "Municipal shares add up to {shares}, but the municipal funding is {funding}.",
    ),
    "municipal_without_members": (
        "Kuntarahoitus on {funding}, mutta osallistuvia kuntia ei ole lueteltu.",
        "Den kommunala finansieringen är {funding}, men inga deltagande kommuner anges.",
        "Municipal funding is {funding}, but no participating municipalities are listed.",
    ),
    "year_outside_period": (
        "Vuosi {year} on hankkeen toteutusajan {start}–{end} ulkopuolella.",
        "Året {year} ligger utanför genomförandetiden {start}–{end}.",
        "Year {year} is outside the project period {start}–{end}.",
    ),
    "duration_above_max": (
        "{name} voi kestää enintään {max} kuukautta; hanke kestää {months} kuukautta.",
        "{name} får pågå högst {max} månader; projektet pågår {months} månader.",
        "{name} may last at most {max} months; the project lasts {months} months.",
    ),
    "voluntary_work_not_allowed": (
        "Ohjelmassa {programme} ei ole talkootyön arvoa; talkootyötä ei voi esittää.",
        "Programmet {programme} har inget värde för talkoarbete.",
        "Programme {programme} has no value for voluntary work.",
    ),
    "rule_not_valid": (
        "Säännön arvo {rule} ei ole voimassa {date}.",
        "Regelvärdet {rule} gäller inte {date}.",
        "Rule value {rule} is not valid on {date}.",
    ),
    "partner_without_budget": (
        "Toteuttajalla {partner} ei ole kustannuksia.",
        "Genomföraren {partner} har inga kostnader.",
        "Implementer {partner} has no costs.",
    ),
    "hours_above_year": (
        "Tehtävälle {title} on merkitty {hours} tuntia vuonna {year}; vuosityöaika on {max} h.",
        "Uppgiften {title} har {hours} timmar år {year}; årsarbetstiden är {max} h.",
        "Role {title} has {hours} hours in {year}; a working year is {max} h.",
    ),
    "duplicate_project": (
        "Hankenumero {number} on myös tiedostossa {others}.",
        "Projektnummer {number} finns också i filen {others}.",
        "Project number {number} is also in {others}.",
    ),
    "shares_do_not_add_up": (
        "Osat eivät täsmää kokonaisuuteen: {what} on {parts}, kokonaisuus {whole}.",
        "Delarna stämmer inte med helheten: {what} är {parts}, helheten {whole}.",
        "Parts do not add up: {what} is {parts}, the whole {whole}.",
    ),
    "municipal_share_off_key": (
        "Kunnan {municipality} osuus {amount} poikkeaa jakoperusteen mukaisesta osuudesta {exact}.",
        "Kommunen {municipality}s andel {amount} avviker från andelen enligt fördelningsgrunden {exact}.",
        "{municipality}'s share {amount} differs from its share by the key {exact}.",
    ),
    "support_split_invalid": (
        "Tuen jako-osuudet ovat yhteensä {sum}, ei 100 %.",
        "Stödets fördelningsandelar är totalt {sum}, inte 100 %.",
        "The support split adds up to {sum}, not 100 %.",
    ),
    # problems: unusable input
    "file_not_found": (
        "Tiedostoa ei löydy.",
        "Filen hittas inte.",
        "File not found.",
    ),
    "file_too_large": (
        "Tiedosto on liian suuri ({size} tavua; enintään {max}).",
        "Filen är för stor ({size} byte; högst {max}).",
        "File is too large ({size} bytes; at most {max}).",
    ),
    "binary_file": (
        "Tiedosto ei ole tekstiä (siinä on NUL-tavuja).",
        "Filen är inte text (den innehåller NUL-byte).",
        "The file is not text (it contains NUL bytes).",
    ),
    "empty_file": ("Tiedosto on tyhjä.", "Filen är tom.", "The file is empty."),
    "encoding": (
        "Tiedosto ei ole UTF-8-muodossa; se näyttää olevan {encoding}-merkistössä.",
        "Filen är inte i UTF-8; den verkar vara i {encoding}.",
        "The file is not UTF-8; it looks like {encoding}.",
    ),
    "too_deep": (
        "Tiedoston rakenne on liian syvä (yli {max} tasoa).",
        "Filens struktur är för djup (över {max} nivåer).",
        "The file is nested too deeply (over {max} levels).",
    ),
    "toml_syntax": (
        "TOML-syntaksivirhe: {detail}.",
        "TOML-syntaxfel: {detail}.",
        "TOML syntax error: {detail}.",
    ),
    "missing": (
        "Pakollinen avain puuttuu.",
        "Obligatorisk nyckel saknas.",
        "Required key is missing.",
    ),
    "unknown_key": ("Tuntematon avain {key}.", "Okänd nyckel {key}.", "Unknown key {key}."),
    "wrong_type": (
        "Odotettiin {expected}, saatiin {got}.",
        "Väntade {expected}, fick {got}.",
        "Expected {expected}, got {got}.",
    ),
    "not_one_of": (
        "Arvo {got} ei kelpaa; sallitut arvot: {expected}.",
        "Värdet {got} duger inte; tillåtna värden: {expected}.",
        "Value {got} is not allowed; allowed values: {expected}.",
    ),
    "too_small": (
        "Arvon pitää olla vähintään {limit}; saatiin {got}.",
        "Värdet ska vara minst {limit}; fick {got}.",
        "Value must be at least {limit}; got {got}.",
    ),
    "too_large": (
        "Arvo saa olla enintään {limit}; saatiin {got}.",
        "Värdet får vara högst {limit}; fick {got}.",
        "Value must be at most {limit}; got {got}.",
    ),
    "too_many_decimals": (
        "Rahamäärässä saa olla enintään kaksi desimaalia; saatiin {got}.",
        "Ett belopp får ha högst två decimaler; fick {got}.",
        "An amount has at most two decimals; got {got}.",
    ),
    "not_finite": (
        "Arvon pitää olla äärellinen luku (ei nan eikä inf).",
        "Värdet ska vara ett ändligt tal (inte nan eller inf).",
        "Value must be a finite number (not nan or inf).",
    ),
    "too_short": (
        "Arvo ei saa olla tyhjä.",
        "Värdet får inte vara tomt.",
        "Value must not be empty.",
    ),
    "too_long": (
        "Arvo on liian pitkä (enintään {limit}).",
        "Värdet är för långt (högst {limit}).",
        "Value is too long (at most {limit}).",
    ),
    "bad_id": (
        "Tunnuksessa saa olla vain kirjaimia a–z, numeroita ja merkit _ . - (enintään 64).",
        "En identifierare får bara innehålla a–z, siffror och _ . - (högst 64).",
        "An id may contain only letters a–z, digits and _ . - (at most 64).",
    ),
    "number_as_text": (
        'Luku on kirjoitettu tekstinä: "{text}".',
        'Talet är skrivet som text: "{text}".',
        'A number was written as text: "{text}".',
    ),
    "number_expected": ("Odotettiin lukua.", "Väntade ett tal.", "Expected a number."),
    "rate_as_percent": (
        "Osuus annetaan desimaalilukuna 0–1; saatiin {value}.",
        "En andel anges som decimaltal 0–1; fick {value}.",
        "A rate is a fraction from 0 to 1; got {value}.",
    ),
    "rate_too_large": (
        "Osuus annetaan desimaalilukuna 0–1; {value} on liian suuri.",
        "En andel anges som decimaltal 0–1; {value} är för stort.",
        "A rate is a fraction from 0 to 1; {value} is too large.",
    ),
    "date_as_text": (
        'Päivämäärä on kirjoitettu tekstinä: "{text}".',
        'Datumet är skrivet som text: "{text}".',
        'A date was written as text: "{text}".',
    ),
    "bad_date": (
        "Odotettiin päivämäärää; saatiin {got}.",
        "Väntade ett datum; fick {got}.",
        "Expected a date; got {got}.",
    ),
    "one_of": (
        "Anna {what} yhtenä näistä: {names} (annettu: {given}).",
        "Ange {what} som ett av: {names} (angivet: {given}).",
        "Give {what} as exactly one of: {names} (given: {given}).",
    ),
    "staff_form": (
        "Henkilöstörivi annetaan joko summana (amount/by_year), tehtävänä (fte + months + "
        "monthly_pay) tai tunteina (annual_cost + hours/hours_by_year); annettu: {given}.",
        "En personalrad anges som belopp (amount/by_year), uppgift (fte + months + "
        "monthly_pay) eller timmar (annual_cost + hours/hours_by_year); angivet: {given}.",
        "A staff line is an amount (amount/by_year), a role (fte + months + monthly_pay) or "
        "hours (annual_cost + hours/hours_by_year); given: {given}.",
    ),
    "staff_role_incomplete": (
        "Tehtävä tarvitsee sekä months että monthly_pay.",
        "En uppgift behöver både months och monthly_pay.",
        "A role needs both months and monthly_pay.",
    ),
    "staff_hours_incomplete": (
        "Tuntipohjainen rivi tarvitsee annual_cost-arvon.",
        "En timbaserad rad behöver annual_cost.",
        "Hours need annual_cost.",
    ),
    "end_before_start": (
        "Hanke päättyy ({end}) ennen kuin se alkaa ({start}).",
        "Projektet slutar ({end}) innan det börjar ({start}).",
        "The project ends ({end}) before it starts ({start}).",
    ),
    "period_too_long": (
        "Hanke kestää yli {years} vuotta.",
        "Projektet pågår över {years} år.",
        "The project lasts more than {years} years.",
    ),
    "business_id_invalid": (
        "Y-tunnus {value} ei kelpaa (muoto 1234567-8, tarkistusmerkki mod 11).",
        "FO-numret {value} är ogiltigt (form 1234567-8, kontrolltecken mod 11).",
        "Business ID {value} is invalid (form 1234567-8, mod-11 check digit).",
    ),
    "base_share_missing": (
        "Jakoperuste base_plus_per_capita tarvitsee arvon base_share.",
        "Fördelningsgrunden base_plus_per_capita behöver base_share.",
        "Key base_plus_per_capita needs base_share.",
    ),
    "unknown_programme": (
        "Tuntematon ohjelma {value}.",
        "Okänt program {value}.",
        "Unknown programme {value}.",
    ),
    "unknown_measure": (
        "Ohjelmassa {programme} ei ole toimenpidettä {value}.",
        "Programmet {programme} har ingen åtgärd {value}.",
        "Programme {programme} has no measure {value}.",
    ),
    "unknown_cost_model": (
        "Ohjelmassa {programme} ei ole kustannusmallia {value}.",
        "Programmet {programme} har ingen kostnadsmodell {value}.",
        "Programme {programme} has no cost model {value}.",
    ),
    "unknown_lump_sum": (
        "Ohjelmassa {programme} ei ole kertakorvausta {value}.",
        "Programmet {programme} har ingen engångsersättning {value}.",
        "Programme {programme} has no lump sum {value}.",
    ),
    "unknown_partner": (
        "Tuntematon toteuttaja {value}.",
        "Okänd genomförare {value}.",
        "Unknown implementer {value}.",
    ),
    "duplicate_partner": (
        "Toteuttajan tunnus {value} on käytössä jo aiemmin.",
        "Genomförarens identifierare {value} används redan.",
        "Implementer id {value} is used twice.",
    ),
    "main_partner_count": (
        'Hankkeella pitää olla täsmälleen yksi päätoteuttaja (role = "main"); nyt {count}.',
        'Projektet ska ha exakt en huvudgenomförare (role = "main"); nu {count}.',
        'A project needs exactly one main implementer (role = "main"); found {count}.',
    ),
    "unknown_municipality": (
        "Tuntematon kunta {value}.",
        "Okänd kommun {value}.",
        "Unknown municipality {value}.",
    ),
    "duplicate_municipality": (
        "Kunta {value} on lueteltu kahdesti.",
        "Kommunen {value} anges två gånger.",
        "Municipality {value} is listed twice.",
    ),
    "unknown_region": (
        "Tuntematon maakunta {value}.",
        "Okänt landskap {value}.",
        "Unknown region {value}.",
    ),
    "key_needs_value": (
        "Jakoperuste {key_name} tarvitsee kunnalle {municipality} arvon {field}.",
        "Fördelningsgrunden {key_name} behöver värdet {field} för kommunen {municipality}.",
        "Key {key_name} needs {field} for municipality {municipality}.",
    ),
    "rules_file_invalid": (
        "Sääntötiedosto on virheellinen: {detail}",
        "Regelfilen är felaktig: {detail}",
        "Invalid rules file: {detail}",
    ),
}

HINTS: dict[str, tuple[str, str, str]] = {
    "number_as_text": (
        'Kirjoita luku ilman lainausmerkkejä ja desimaalipisteellä: 1234.50 (ei "1 234,50").',
        'Skriv talet utan citattecken och med decimalpunkt: 1234.50 (inte "1 234,50").',
        'Write the number without quotes and with a decimal point: 1234.50 (not "1 234,50").',
    ),
    "rate_as_percent": (
        "Kirjoita {fraction}, jos tarkoitit {value} %.",
        "Skriv {fraction} om du menade {value} %.",
        "Write {fraction} if you meant {value} %.",
    ),
    "rate_too_large": (
        "Esimerkiksi 80 % kirjoitetaan 0.80.",
        "Till exempel 80 % skrivs 0.80.",
        "For example, 80 % is written 0.80.",
    ),
    "date_as_text": (
        "Kirjoita päivämäärä ilman lainausmerkkejä muodossa 2024-10-01.",
        "Skriv datumet utan citattecken i formen 2024-10-01.",
        "Write the date without quotes as 2024-10-01.",
    ),
    "bad_date": (
        "Päivämäärä kirjoitetaan muodossa 2024-10-01.",
        "Ett datum skrivs i formen 2024-10-01.",
        "Write dates as 2024-10-01.",
    ),
    "encoding": (
        "Tallenna tiedosto UTF-8-muodossa (esim. Muistio: Tallenna nimellä → Koodaus UTF-8).",
        "Spara filen i UTF-8 (t.ex. Anteckningar: Spara som → Kodning UTF-8).",
        "Save the file as UTF-8 (e.g. Notepad: Save as → Encoding UTF-8).",
    ),
    "did_you_mean": (
        "Tarkoititko {suggestion}?",
        "Menade du {suggestion}?",
        "Did you mean {suggestion}?",
    ),
    "allowed": ("Sallitut: {allowed}.", "Tillåtna: {allowed}.", "Allowed: {allowed}."),
    "end_before_start": (
        "Tarkista start- ja end-päivämäärät.",
        "Kontrollera datumen start och end.",
        "Check the start and end dates.",
    ),
    "business_id_invalid": (
        "Tarkista Y-tunnus esimerkiksi YTJ:stä (ytj.fi).",
        "Kontrollera FO-numret t.ex. i FODS (ytj.fi).",
        "Check the business ID, e.g. at ytj.fi.",
    ),
    "toml_syntax": (
        "Tarkista rivin lainausmerkit, hakasulkeet ja yhtäsuuruusmerkki.",
        "Kontrollera radens citattecken, hakparenteser och likhetstecken.",
        "Check the line's quotes, brackets and equals sign.",
    ),
}


def _pick(table: dict[str, tuple[str, str, str]], code: str, lang: str) -> str | None:
    texts = table.get(code)
    if texts is None:
        return None
    return texts[LANGS.index(lang) if lang in LANGS else 0]


def pick(table: dict[str, tuple[str, str, str]], code: str, lang: str, **params: object) -> str:
    """A text from a renderer's own catalogue (fi, sv, en), parameters filled in; the
    shared labels when the catalogue does not have it."""
    template = _pick(table, code, lang)
    if template is None:
        return label(code, lang)
    return _fill(template, params) if params else template


def label(code: str, lang: str = "fi") -> str:
    """A label in ``lang`` (the code itself if unknown)."""
    return _pick(LABELS, code, lang) or code


def message(code: str, lang: str = "fi", **params: object) -> str:
    """A finding or problem message in ``lang`` with its parameters filled in."""
    template = _pick(MESSAGES, code, lang) or _pick(LABELS, code, lang) or code
    return _fill(template, params)


def hint(code: str, lang: str = "fi", **params: object) -> str:
    template = _pick(HINTS, code, lang)
    return _fill(template, params) if template else ""


def localize_params(params: dict[str, str], lang: str) -> dict[str, str]:
    """Parameters given as ``"fi|sv|en"`` alternatives are narrowed to ``lang``."""
    out = {}
    for k, v in params.items():
        parts = v.split("|")
        out[k] = parts[LANGS.index(lang) if lang in LANGS else 0] if len(parts) == 3 else v
    return out


def _fill(template: str, params: dict[str, object]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def format_number(value: Decimal, places: int = 2, lang: str = "fi") -> str:
    """``1234567.891`` → ``1 234 567,89`` (fi, sv) or ``1,234,567.89`` (en)."""
    q = Decimal(1).scaleb(-places)
    value = Decimal(value).quantize(q, rounding=ROUND_HALF_UP)
    negative = value < 0
    digits = f"{abs(value):f}"
    whole, _, frac = digits.partition(".")
    group = "," if lang == "en" else " "
    point = "." if lang == "en" else ","
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = group.join(groups) + (point + frac if frac else "")
    return ("-" if negative else "") + text


def format_money(value: Decimal, lang: str = "fi") -> str:
    """Money the Finnish way: ``1 234 567,89 €``; English ``€1,234,567.89``."""
    number = format_number(value, 2, lang)
    if lang == "en":
        return "-€" + number[1:] if number.startswith("-") else "€" + number
    return f"{number} €"


def format_percent(value: Decimal, lang: str = "fi", places: int = 2) -> str:
    """A fraction as percent: ``0.8`` → ``80,00 %``."""
    return f"{format_number(Decimal(value) * 100, places, lang)} %"


def format_date(value: date, lang: str = "fi") -> str:
    """``1.10.2024`` (fi, sv) or ``2024-10-01`` (en)."""
    if lang == "en":
        return value.isoformat()
    return f"{value.day}.{value.month}.{value.year}"
