"""Build tests/labels/references.json from hand-written entries, checking each one.

The entries below were written by reading the page images and copying the text from
`pdftotext` (checked against the image). This script only *checks* them (the sentence occurs
on that page, each span occurs in the sentence, every digit of the sentence lies inside a
labelled span) and writes the JSON. It never runs the project's parser.
Run: python tests/labels/src/build_references.py  (needs poppler's pdftotext).
"""
import json, re, subprocess, sys
from pathlib import Path

REAL = Path('/work/shared/real'); SEEDS = Path('/work/shared/seeds')
FIG_KINDS = {'money', 'percent', 'count', 'other_quantity', 'vote'}
F = {
 'RB': 'goteborg_revisionsberattelse_2023.pdf',
 'A22': 'goteborg_stadsrevisionen_arsredogorelse_2022.pdf',
 'A23': 'goteborg_stadsrevisionen_arsredogorelse_2023.pdf',
 'IS': 'goteborg_intraservice_delarsrapport_2026-03.pdf',
 'SK': 'soderkoping_mal-strategier-miljo-klimat_2022.pdf',
 'OL': 'olofstrom_handlingsplan-klimat-energi_2023.pdf',
 'HB': 'helsingborg_samsynsguiden-bygglov_2023.pdf',
 'FIN': 'goteborg_stadsrevisionen_rapportsammandrag_finansiering_likviditet_2026.pdf',
 'ENE': 'goteborg_stadsrevisionen_rapportsammandrag_arbete_for_att_minska_energianvandare_i_bosta_2024.pdf',
 'EXT': 'goteborg_stadsrevisionen_rapportsammandrag_arbete_mot_valdsbejakande_extremism_och_radik_2024.pdf',
 'AVG': 'goteborg_stadsrevisionen_rapportsammandrag_avgifter_for_vatten_och_avlopp_i_goteborgs_st_2024.pdf',
 'KOM': 'goteborg_stadsrevisionen_rapportsammandrag_kompetensforsorjning_inom_socialtjansten_2023.pdf',
 'SAM': 'goteborg_stadsrevisionen_rapportsammandrag_samordnade_insatser_for_barn_och_unga_2023.pdf',
 'STY': 'goteborg_stadsrevisionen_rapportsammandrag_styrning_och_uppfoljning_av_goteborgs_stads_a_2023.pdf',
 'IST': 'goteborg_stadsrevisionen_rapportsammandrag_informationssakerhet_i_skolsystemet_ist_admin_2023.pdf',
 'FOR': 'goteborg_stadsrevisionen_rapportsammandrag_anvandning_av_verksamhetsfordon_samt_inkop_av_2022.pdf',
 'MAL': 'goteborg_stadsrevisionen_rapportsammandrag_maluppfylllelse_for_elever_med_intellektuell_2022.pdf',
 'kalmar': 'kalmar_handlingsplaner_2020.txt',
 'k22': 'kungalv_social-hallbarhet_2022.txt',
 'k23': 'kungalv_social-hallbarhet_2023.txt',
 'trygg': 'kungalv_trygg-i-kungalv_2023.txt',
 'lek': 'lekeberg_forstudie-trygghet_2022.txt',
}
# (source key, page or None for seeds, sentence, [(span, kind, [figure override], [note])])
E = [
 ('RB', 1, 'Revisionsberättelsen överlämnas till kommunfullmäktiges sammanträde den 25 april 2024 för beslut om ansvarsfrihet för kommunens styrelse och nämnder.', [('25 april 2024', 'date')]),
 ('RB', 1, 'Göteborg den 9 april 2024', [('9 april 2024', 'date')]),
 ('RB', 1, 'Handling 2024 nr 63', [('2024 nr 63', 'reference')]),
 ('RB', 1, 'Revisorerna tillstyrker att kommunfullmäktige beviljar ledamöterna i styrelse och nämnder ansvarsfrihet för verksamhetsåret 2023.', [('2023', 'year')]),
 ('RB', 2, 'Göteborgs Stad, org.nr 212000-1355', [('212000-1355', 'org_number')]),
 ('RB', 2, 'Stadsrevisionen, Revisionsberättelse 1 (2)', [('1 (2)', 'page')]),
 ('RB', 2, 'Signature reference: 768a99c7-fb46-47f3-8409-1c6bcd9df967', [('768a99c7-fb46-47f3-8409-1c6bcd9df967', 'reference', False, 'e-signature id printed vertically in the left margin; digits inside an identifier, not a quantity')]),
 ('A23', 1, 'Revisorskollegiet redovisar ett eget kapital på 4 105 tkr i bokslutet för 2023.', [('4 105 tkr', 'money'), ('2023', 'year')]),
 ('A23', 1, 'Enligt kommunfullmäktiges riktlinjer gäller ett intervall på det egna kapitalet om 1,8–2,2 mnkr för en verksamhet med stadsrevisionens omsättning.', [('1,8–2,2 mnkr', 'money', True, 'a range (target interval)')]),
 ('A23', 1, 'Stadsrevisionen har erhållit kommunbidrag om 39 926 tkr för verksamhetsåret 2023.', [('39 926 tkr', 'money'), ('2023', 'year')]),
 ('A23', 1, 'I syfte att kunna finansiera återstående del av en investeringskostnad om 500 tkr kronor samt bibehålla det egna kapitalet på samma nivå som tidigare (2,2 mnkr) har revisorskollegiet vid sammanträde den 19 mars 2024 förslagit att 1 405 tkr återredovisas.', [('500 tkr kronor', 'money', True, "printed with a redundant 'kronor' after 'tkr'; the unit is tkr"), ('2,2 mnkr', 'money'), ('19 mars 2024', 'date'), ('1 405 tkr', 'money')]),
 ('A23', 1, '1. 1 405 tkr av revisorskollegiets egna kapital på 4 105 tkr återredovisas.', [('1.', 'item', False, 'numbered list item of the proposed decision'), ('1 405 tkr', 'money'), ('4 105 tkr', 'money')]),
 ('A23', 1, 'Handling 2024 nr 62', [('2024 nr 62', 'reference')]),
 ('A23', 1, 'Göteborg den 9 april 2024', [('9 april 2024', 'date')]),
 ('SK', 1, '1 (24)', [('1 (24)', 'page')]),
 ('A23', 33, 'Vid utgången av 2021 uppgick andelen certifierade yrkesrevisorer vid stadsrevisionen till 60 procent.', [('2021', 'year'), ('60 procent', 'percent')]),
 ('A23', 33, 'Vid utgången av 2023 hade motsvarande siffra ökat till nästan 80 procent.', [('2023', 'year'), ('80 procent', 'percent')]),
 ('A23', 33, 'Revisorerna har formulerat följande övergripande mål för åren 2023–2025:', [('2023–2025', 'period')]),
 ('A23', 34, 'Enkäten, som besvarades av 79 procent av de tillfrågade visade genomgående på goda resultat när det gällde respondenternas bedömning av såväl revisionens arbetssätt som rapportering.', [('79 procent', 'percent')]),
 ('A23', 34, 'Mellan 2022 och 2023 sjönk den från 2,8 till 1,5 procent.', [('2022', 'year'), ('2023', 'year'), ('2,8', 'percent', True, "unit 'procent' printed only after the second number"), ('1,5 procent', 'percent')]),
 ('A23', 37, 'Stadsrevisionens årsresultat blev 740 tusen kronor mot budgeterade -750 tusen kronor, vilket ger en positiv avvikelse med 1 490 tusen kronor mor budget.', [('740 tusen kronor', 'money'), ('-750 tusen kronor', 'money'), ('1 490 tusen kronor', 'money')]),
 ('A23', 37, 'Införandet av den nya standarden innebar dock att granskningsarbetet försenades och en större del än planerat genomfördes först efter årsskiftet 2023/24.', [('2023/24', 'period')]),
 ('A23', 38, 'Stadsrevisionen hade vid utgången av 2023 totalt 32 medarbetare varav 23 yrkesrevisorer.', [('2023', 'year'), ('32', 'count'), ('23', 'count')]),
 ('A23', 38, 'Av yrkesrevisorerna är 15 kvinnor och 8 män.', [('15', 'count'), ('8', 'count')]),
 ('A23', 38, 'Under 2023 slutade tre medarbetare, två revisorer och en nämndsekreterare.', [('2023', 'year'), ('tre', 'count', True, 'number in words'), ('två', 'count', True, 'number in words'), ('en', 'count', True, 'number in words (ambiguous with the article)')]),
 ('A23', 38, 'Som tidigare nämnts har den totala sjukfrånvaron minskat och låg under 2023 på 1,5% jämfört med 2,8% under 2022.', [('2023', 'year'), ('1,5%', 'percent'), ('2,8%', 'percent'), ('2022', 'year')]),
 ('A23', 38, 'Såväl den korta sjukfrånvaron (1–14 dagar) som den långa sjukfrånvaron (över 15 dagar) har minskat jämfört med föregående år.', [('1–14 dagar', 'other_quantity', False, 'defines a category (short absence), not a measured value'), ('15 dagar', 'other_quantity', False, 'defines a category (long absence), not a measured value')]),
 ('A23', 38, 'Stadsrevisionens mål och inriktningsdokument för perioden 2022-2024 visar ett budgeterat negativt resultat om 500 tusen kronor per år på grund av en genomförd lokalanpassning.', [('2022-2024', 'period', False, 'hyphen, not en dash: not an ISO date'), ('500 tusen kronor', 'money')]),
 ('A23', 39, 'Telefon: 031-365 00 00 (kontaktcenter)', [('031-365 00 00', 'phone')]),
 ('A22', 5, 'Läs mer om granskningen i revisionsrapporten Granskning av måluppfyllelse för elever med intellektuell funktionsnedsättning, 2022-11-22, samt revisionsredogörelsen för grundskolenämnden 2022.', [('2022-11-22', 'date'), ('2022', 'year')]),
 ('A22', 5, 'Tre av revisorsgruppens ledamöter gjorde en annan bedömning och lämnade en lägre grad av kritik, en erinran.', [('Tre', 'vote', True, 'dissenting members of the auditors group (a vote count in words); printed as a footnote')]),
 ('A22', 31, 'Två av revisorsgruppens ledamöter gjorde en annan bedömning och lämnade en lägre grad av kritik, en erinran.', [('Två', 'vote', True, 'dissenting members (vote count in words); footnote')]),
 ('A22', 6, 'Det gällde bland annat ett kapitaltillskott till Din El AB och en moderbolagsgaranti på 100 miljoner euro som säkerhet för den finansiella handeln.', [('100 miljoner euro', 'money')]),
 ('A22', 11, 'Vid Liseberg och socialnämnden Nordost förekom direktupphandlingar av konsulttjänster över 50 000 kronor som inte hade dokumenterats.', [('50 000 kronor', 'money', True, 'a threshold')]),
 ('A22', 13, 'Som framgår i texten på sidan tre i den här årsredogörelsen visade granskningen att det fanns omfattande och allvarliga brister inom grundsärskolan.', [('sidan tre', 'page')]),
 ('A22', 27, 'I Göteborgs Stads budget för 2022 finns tre övergripande mål och femton övergripande verksamhetsmål.', [('2022', 'year'), ('tre', 'count', True, 'number in words'), ('femton', 'count', True, 'number in words')]),
 ('A22', 27, 'Göteborgs Stad uppfyller balanskravet år 2022 och redovisar ett resultat exklusive realisationsvinster på 1 681 miljoner kronor.', [('2022', 'year'), ('1 681 miljoner kronor', 'money')]),
 ('A22', 27, 'En avsättning till resultatutjämningsreserv har gjorts med 365 miljoner kronor.', [('365 miljoner kronor', 'money')]),
 ('A22', 27, 'Årets balanskravsresultat uppgår till 1 316 miljoner kronor.', [('1 316 miljoner kronor', 'money')]),
 ('A22', 28, 'Drift- och investeringsredovisningen regleras i 10 kap. 1–2 §§ i LKBR.', [('10 kap.', 'chapter'), ('1–2 §§', 'reference')]),
 ('A22', 29, 'Stadsledningskontorets sammanställning för 2022 över nettoomsättningen i nämndernas företagsverksamheter visar att denna under år 2022 uppgick till drygt 88,5 miljoner kronor.', [('2022', 'year'), ('2022', 'year'), ('88,5 miljoner kronor', 'money')]),
 ('A22', 29, 'De sammanställda räkenskaperna är i allt väsentligt upprättade i enlighet med LKBR och RKR R16 och ger en rättvisande bild av verksamheten och den ekonomiska ställningen för Göteborgs Stad och dess koncern per den 31 december 2022.', [('RKR R16', 'reference', False, 'number of an accounting recommendation'), ('31 december 2022', 'date')]),
 ('A22', 38, 'Vid utgången av 2022 var andelen certifierade yrkesrevisorer 80 procent vilket är en ökning mot föregående år då andelen certifierade yrkesrevisorer var drygt 60%.', [('2022', 'year'), ('80 procent', 'percent'), ('60%', 'percent')]),
 ('A22', 43, 'Årets negativa resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor, vilket ger en negativ avvikelse på -84 tusen kronor.', [('-584 tusen kronor', 'money'), ('-500 tusen kronor', 'money'), ('-84 tusen kronor', 'money')]),
 ('A22', 43, 'Kostnaderna fördelas på tre år med ett hyrestillägg på 500 tusen kronor per år under perioden 2022-2024.', [('tre år', 'other_quantity', False, 'a duration in words'), ('500 tusen kronor', 'money'), ('2022-2024', 'period')]),
 ('A22', 44, 'Det egna kapitalet uppgår till 3 366 tusen kronor i bokslutet 2022.', [('3 366 tusen kronor', 'money'), ('2022', 'year')]),
 ('A22', 45, 'Den totala sjukfrånvaron låg under 2022 på 2,8% jämfört med 5,0% under 2021.', [('2022', 'year'), ('2,8%', 'percent'), ('5,0%', 'percent'), ('2021', 'year')]),
 ('A22', 45, 'Den korta sjukfrånvaron (1–14 dagar) har ökat från 0,9 föregående år till 1,3 procent 2022.', [('1–14 dagar', 'other_quantity', False, 'defines the category'), ('0,9', 'percent', True, "unit printed only after the second number"), ('1,3 procent', 'percent'), ('2022', 'year')]),
 ('A22', 45, 'Stadsrevisionen hade vid utgången av 2022 totalt 34 medarbetare varav 24 yrkesrevisorer.', [('2022', 'year'), ('34', 'count'), ('24', 'count')]),
 ('A22', 45, 'Under 2022 rekryterades 4 nya medarbetare till kontoret, varav 4 utgjordes av revisorer.', [('2022', 'year'), ('4', 'count'), ('4', 'count')]),
 ('IS', 3, 'Nämnden för Intraservice fastställde förvaltningens förslag för årlig analys av digital utveckling och förvaltning för 2027 på nämndmöte 2026-03-05.', [('2027', 'year'), ('2026-03-05', 'date')]),
 ('IS', 5, 'Utfallet för lösningsgrad (jan-mars) ligger på 87,5 % lösta incidenter inom SLA och ligger över målet på 85 %.', [('87,5 %', 'percent'), ('85 %', 'percent')]),
 ('IS', 5, 'Under perioden januari – mars 2026 har vi haft totalt 7 major incidents, fördelat på 5 major incident inom tjänsteområde Digital infrastruktur och 2 inom tjänsteområde HR.', [('januari – mars 2026', 'period', False, 'month range with year'), ('7', 'count'), ('5', 'count'), ('2', 'count')]),
 ('IS', 7, 'Kvinnor dominerar ledande positioner (63 procent av cheferna, 100 procent av avdelningscheferna).', [('63 procent', 'percent'), ('100 procent', 'percent')]),
 ('IS', 7, 'Medarbetarenkäten 2025 visar hög trygghet (medelvärde 4,4–4,7) i att lyfta problem och säga ifrån vid diskriminerande beteenden.', [('2025', 'year'), ('4,4–4,7', 'other_quantity', True, 'survey mean score range (index 1-5)')]),
 ('IS', 7, 'Rapporterade fall av kränkningar och trakasserier är låga (1–11 procent), men ålder, kön och funktionsnedsättning identifieras som vanligaste diskrimineringsgrunder.', [('1–11 procent', 'percent')]),
 ('IS', 9, 'Planerad inflyttning i nya lokaler sker i februari 2027.', [('februari 2027', 'date', False, 'month-year')]),
 ('IS', 9, 'En stor incident kopplat till Miljödata under augusti/september 2025 gjorde att Adato behövde stängas och har ännu ej öppnat.', [('augusti/september 2025', 'date', False, 'month-year (two months)')]),
 ('IS', 11, 'Förvaltningen visar överskott på 19,5 miljoner kronor för perioden jämfört med budget.', [('19,5 miljoner kronor', 'money')]),
 ('IS', 11, 'Detaljerad ekonomisk information presenteras i tabell 2.3.5 där redovisning sker per tjänsteområde för bastjänster och tjänster inom digital infrastruktur.', [('tabell 2.3.5', 'item', False, 'table number')]),
 ('IS', 12, 'För 2026 beräknas en tillkommande kostnad om ca 24 miljoner kronor.', [('2026', 'year'), ('ca 24 miljoner kronor', 'money', True, "approximate ('ca')")]),
 ('IS', 12, 'Beslutet att avbryta upphandlingen av ekonomisystem och återuppta arbetet på nytt har inneburit att tidplanen blir framflyttad och kostnaderna för 2026 beräknas bli ca 13,5 miljoner kronor lägre än budgeterat.', [('2026', 'year'), ('ca 13,5 miljoner kronor', 'money')]),
 ('IS', 13, 'I denna tjänsteuppföljningsrapport, bilaga 1 lämnas kommentarer om tjänsterna mer i detalj.', [('bilaga 1', 'annex')]),
 ('IS', 15, 'För mer information hänvisas till rapporten i bilaga 2.', [('bilaga 2', 'annex')]),
 ('IS', 17, 'I samband med flytten genomfördes en ramminskning med 4,8 miljoner kronor.', [('4,8 miljoner kronor', 'money')]),
 ('IS', 17, 'Den totala budgeten uppgår till 38 miljoner kronor för helåret, varav ca 9 miljoner kronor beräknas användas till kostnader för cybersäkerhetslagen som inte budgeterats för.', [('38 miljoner kronor', 'money'), ('ca 9 miljoner kronor', 'money')]),
 ('IS', 13, '13 (26)', [('13 (26)', 'page')]),
 ('SK', 1, 'Uppdrag i strategisk plan 2022-2025', [('2022-2025', 'period')]),
 ('SK', 1, '2022-04-21', [('2022-04-21', 'date')]),
 ('SK', 5, 'Målet att minst 50 procent av vår energi ska vara förnybar till 2020 nåddes redan 2014 då vi hade 53 procent förnybar energi.', [('50 procent', 'percent'), ('2020', 'year'), ('2014', 'year'), ('53 procent', 'percent')]),
 ('SK', 5, 'Sverige har beslutat att vår elförsörjning ska vara 100 procent förnybar 2040 och att vår energianvändning ska vara 50 procent mer effektiv 2030 jämfört med 2005.', [('100 procent', 'percent'), ('2040', 'year'), ('50 procent', 'percent'), ('2030', 'year'), ('2005', 'year')]),
 ('SK', 5, 'Nio av tio människor i världen hade 2019 tillgång till elektricitet i någon omfattning, men 2,6 miljarder saknade 2019 fortfarande möjligheter att laga mat med rena energikällor.', [('Nio av tio', 'other_quantity', True, 'a proportion in words'), ('2019', 'year'), ('2,6 miljarder', 'count', True, 'people'), ('2019', 'year')]),
 ('SK', 6, '85 procent av Sveriges befolkning bor i tätorter.', [('85 procent', 'percent')]),
 ('SK', 7, '2021 låg den globala medeltemperaturen 1,1 grader över den förindustriella.', [('2021', 'year'), ('1,1 grader', 'other_quantity')]),
 ('SK', 7, 'Mål 13 är en av Sveriges större utmaningar trots att våra inhemska utsläpp har minskat med 26 procent jämfört med 1990.', [('Mål 13', 'item', False, 'number of a global goal (Agenda 2030)'), ('26 procent', 'percent'), ('1990', 'year')]),
 ('SK', 5, 'Se även avsnitt 3.7.2 VA-planeringsdokument.', [('avsnitt 3.7.2', 'chapter', False, 'section number')]),
 ('SK', 17, 'VA-Policy, antogs av KF 2019-03-20', [('2019-03-20', 'date')]),
 ('SK', 19, 'Exempelvis uppskattades bara skyfallet i Malmö 2014 ha medfört direkta kostnader på 600 miljoner kronor.', [('2014', 'year'), ('600 miljoner kronor', 'money')]),
 ('SK', 19, 'Kostnaden för klimatanpassningsåtgärder kopplat till översvämningar beräknas bli störst i Svealand (87–130 miljarder kronor) följt av Götaland (46–69 miljarder) och minst i Norrland (2–3 miljarder) (SOU 2017:42; sidan 277ff).', [('87–130 miljarder kronor', 'money'), ('46–69 miljarder', 'money', True, "unit 'kronor' implied"), ('2–3 miljarder', 'money', True, "unit 'kronor' implied"), ('SOU 2017:42', 'reference'), ('sidan 277ff', 'page')]),
 ('SK', 20, '(SOU 2017:42, sidan 377).', [('SOU 2017:42', 'reference'), ('sidan 377', 'page')]),
 ('SK', 19, 'Kostnaden framstår som alltför försiktigt beräknad – de kommande 80 årens skadekostnader är här jämförbara med ett års riktade statsbidrag till kommunerna, som uppgick till 48 miljarder kronor 2020.', [('80 årens', 'other_quantity', False, 'a duration (80 years)'), ('ett års', 'other_quantity', False, 'one year, in words'), ('48 miljarder kronor', 'money'), ('2020', 'year')]),
 ('OL', 1, 'Datum: 2023-03-31', [('2023-03-31', 'date')]),
 ('OL', 1, 'Giltighetstid: 31 december 2026', [('31 december 2026', 'date')]),
 ('OL', 13, 'Tidsplan 31 dec 2022', [('31 dec 2022', 'date', False, 'abbreviated month')]),
 ('HB', 24, 'Om kommunen hade hunnit anta den nya planen före den 1 juli 1987 fastställde länsstyrelsen den enligt äldre regler även om länsstyrelsens beslut kom efter den 1 juli 1987.', [('1 juli 1987', 'date'), ('1 juli 1987', 'date')]),
 ('HB', 24, 'Ok att placera 1 meter från gräns mot allmän platsmark som inte avser att bebyggas.', [('1 meter', 'other_quantity')]),
 ('HB', 24, 'Artikeln uppdaterad 2023-09-13', [('2023-09-13', 'date')]),
 ('HB', 24, 'Sid 24 av 103', [('Sid 24 av 103', 'page')]),
 ('HB', 90, 'Högst sammanlagt 15 år gäller även för tidsbegränsade lov som beslutats före den 11 maj 2011.', [('15 år', 'other_quantity', True, 'maximum duration'), ('11 maj 2011', 'date')]),
 ('HB', 99, 'Från 1 juli 2017 krävs det inte längre bygglov för nybyggnad av ett fristående väderskydd för kollektivtrafiken om byggnaden inte får en större byggnadsarea än 15 kvm och en taknockshöjd under tre meter.', [('1 juli 2017', 'date'), ('15 kvm', 'other_quantity'), ('tre meter', 'other_quantity', True, 'number in words')]),
 ('HB', 99, 'En reklamskylt som utgör en del av ett väderskydd kan kräva bygglov inom områden med detaljplan, jfr 6 kap. plan- och byggförordningen (2011:338).', [('6 kap.', 'chapter'), ('2011:338', 'reference', False, 'SFS number')]),
 ('HB', 97, 'En dom (MÖD 2016-01-22 P 2307-15) där lutningen var 76 grader och det räknades som vind.', [('2016-01-22', 'date'), ('P 2307-15', 'reference', False, 'case number'), ('76 grader', 'other_quantity')]),
 ('HB', 48, 'Det är bygglovspliktigt att uppföra teknikskåp enligt 6:1§ punkt 4.', [('6:1§', 'reference'), ('punkt 4', 'item')]),
 ('HB', 44, 'Med stöd av punkt 1-4 blir det tydligt.', [('punkt 1-4', 'item')]),
 ('FIN', 1, 'Yttrandet ska skickas till stadsrevisionen@stadsrevisionen.goteborg.se senast den 18 juni 2026.', [('18 juni 2026', 'date')]),
 ('FIN', 1, 'Göteborg den 29 april 2026', [('29 april 2026', 'date')]),
 ('FIN', 2, 'Granskningen har i huvudsak haft sin utgångspunkt i 11 kap. kommunallagen (2017:725), med bestämmelser om god ekonomisk hushållning samt medelsförvaltning.', [('11 kap.', 'chapter'), ('2017:725', 'reference', False, 'SFS number')]),
 ('FIN', 2, 'Se bland andra Granskning av exploateringsekonomin i Göteborgs stad, 2019-12-19, SRV-0226/18, samt Granskning av kommunstyrelsen -verksamhetsåret 2025, stadsrevisionen dnr SRV-2025-00071', [('2019-12-19', 'date'), ('SRV-0226/18', 'reference'), ('2025', 'year'), ('SRV-2025-00071', 'reference')]),
 ('FIN', 3, 'Kommunallagen (2017:725), 11 kap. 2–4 §§.', [('2017:725', 'reference'), ('11 kap.', 'chapter'), ('2–4 §§', 'reference')]),
 ('FIN', 2, 'Kommunfullmäktige har beslutat om fyra finansiella mål för god ekonomisk hushållning.', [('fyra', 'count', True, 'number in words')]),
 ('ENE', 3, 'Ett delmål för att uppnå målet handlar om att energianvändningen i bostäder och lokaler ska minska med 30 procent per invånare, jämfört med år 2010.', [('30 procent', 'percent'), ('2010', 'year')]),
 ('ENE', 5, 'Inom ramen för projektet kommer totalt 200 miljoner kronor att investeras i särskilda energiåtgärder fram till år 2030, i syfte att uppnå energimålet.', [('200 miljoner kronor', 'money'), ('2030', 'year')]),
 ('ENE', 3, 'Göteborgs Stads miljö- och klimatprogram 2021–2030, s. 20.', [('2021–2030', 'period'), ('s. 20', 'page')]),
 ('EXT', 5, 'Handling till kommunfullmäktige, diarienummer 0887/21 bilaga 3.', [('diarienummer 0887/21', 'reference'), ('bilaga 3', 'annex')]),
 ('EXT', 5, 'Skolverket 2018-10-15 dnr 5.1.3–2018:106.', [('2018-10-15', 'date'), ('dnr 5.1.3–2018:106', 'reference')]),
 ('EXT', 6, 'Den 7 september 2023 fattade kommunfullmäktige om en ny riktlinje för hur avhoppare ska hanteras.', [('7 september 2023', 'date')]),
 ('AVG', 7, 'Gryaab AB är ett delägt bolag som ägs till 70,6 procent av Göteborgs Stad.', [('70,6 procent', 'percent')]),
 ('AVG', 6, 'Va-verksamheten styrs av lag (2006:412) om allmänna vattentjänster (nedan benämnd vattentjänstlagen).', [('2006:412', 'reference', False, 'SFS number')]),
 ('AVG', 6, '§34 Lag (2006:412) om allmänna vattentjänster,', [('§34', 'reference'), ('2006:412', 'reference')]),
 ('AVG', 2, 'Göteborg den 19 mars 2024', [('19 mars 2024', 'date')]),
 ('KOM', 2, 'Göteborgs Stad är med cirka 56 000 anställda i över 100 yrken en av landets största arbetsgivare.', [('cirka 56 000', 'count', True, 'approximate'), ('100', 'count')]),
 ('KOM', 2, 'Stadens fyra regionala socialnämnder rapporterar samtliga kompetensförsörjning av socialsekreterare som en väsentlig avvikelse i sina årsrapporter för 2022.', [('fyra', 'count', True, 'number in words'), ('2022', 'year')]),
 ('SAM', 2, 'Med begreppet barn avses alla individer 0–20 år och används synonymt med ”barn och unga”.', [('0–20 år', 'other_quantity', False, 'age band defining a group')]),
 ('STY', 3, 'Tematiskt tillägg för översvämningsrisker, antagen av kommunfullmäktige den 25 april 2019, sid. 14.', [('25 april 2019', 'date'), ('sid. 14', 'page')]),
 ('STY', 2, 'Plan- och bygglagen 3 kap. 5 § 4p.', [('3 kap.', 'chapter'), ('5 §', 'reference'), ('4p', 'item', False, "'punkt 4'")]),
 ('IST', 4, 'Uppföljning av informationssäkerhetsnivån genomfördes senast vid efterlevnadskontrollen år 2019.', [('2019', 'year')]),
 ('IST', 5, 'Kontaktcenter: 031-365 00 00, kansli: 031-368 07 00', [('031-365 00 00', 'phone'), ('031-368 07 00', 'phone')]),
 ('FOR', 1, 'Stadsrevisionen, Användning av verksamhetsfordon samt inköp av drivmedel 1 (5)', [('1 (5)', 'page')]),
 ('MAL', 1, 'Stadsrevisionen, Granskning av måluppfyllelse för elever med intellektuell funktionsnedsättning 1 (6)', [('1 (6)', 'page')]),
 ('kalmar', None, 'KS 2020/0357', [('KS 2020/0357', 'reference')]),
 ('kalmar', None, '2020-04-21', [('2020-04-21', 'date')]),
 ('kalmar', None, '0480-450167', [('0480-450167', 'phone')]),
 ('kalmar', None, 'Jämställdhetsprogram för Kalmar kommun 2014-2020 har ersatts av Strategi för jämställdhet 2018–2022.', [('2014-2020', 'period'), ('2018–2022', 'period')]),
 ('kalmar', None, 'Serviceplan 2016 – 2020 - verktyg för att upprätthålla en god service i hela kommunen', [('2016 – 2020', 'period')]),
 ('k22', None, 'Långtidsarbetslösheten i Kungälv under 2022 var 1,9 procent.', [('2022', 'year'), ('1,9 procent', 'percent')]),
 ('k22', None, 'Andelen långtidsarbetslöshet (25 – 64 år) ska vara högst 1,5 procent innan 2027', [('25 – 64 år', 'other_quantity', False, 'age band (comparison group)'), ('1,5 procent', 'percent', True, 'target'), ('2027', 'year')]),
 ('k22', None, 'Vid antagandet av Programmet för Social Hållbarhet i december 2019 hade 170 hushåll antingen socialt kontrakt eller annan typ av socialt boende i Kungälv kommun.', [('december 2019', 'date', False, 'month-year'), ('170', 'count')]),
 ('k23', None, 'Långtidsarbetslösheten i Kungälv under 2023 var 1,7 procent.', [('2023', 'year'), ('1,7 procent', 'percent')]),
 ('trygg', None, 'Programmet Social hållbarhet – ökat innanförskap antogs av kommunfullmäktige den 19 december 2019 (Dnr KS2019/0202).', [('19 december 2019', 'date'), ('Dnr KS2019/0202', 'reference')]),
 ('trygg', None, 'Kungälvs kommun placerade sig år 2023 på plats 71 (2022: 89 plats) av samtliga 290 kommuner.', [('2023', 'year'), ('plats 71', 'other_quantity', True, 'rank'), ('2022', 'year'), ('89 plats', 'other_quantity', True, "previous year's rank in parentheses"), ('290', 'count')]),
 ('trygg', None, 'Under 2024 kommer kommunen fokusera på att arbeta fram en kartläggning, orsaksanalys och handlingsplan i enlighet med §10 i lag (2024:196) om kommunens ansvar för brottsförebyggande arbete.', [('2024', 'year'), ('§10', 'reference'), ('2024:196', 'reference')]),
 ('k22', None, 'Allmänhetens rätt att skjuta fyrverkerier utan tillstånd är nu tidsbegränsad till klockan 17–01', [('klockan 17–01', 'time', False, 'a range of times of day (17.00 to 01.00); the only time of day in the seeds and real PDFs')]),
 ('HB', 22, 'Man får inte utföra attefallsåtgärder på byggnad som är utpekad som PBL §8:13.', [('§8:13', 'reference', False, 'PBL 8 kap. 13 §')]),
 ('HB', 90, 'Sid 90 av 103', [('Sid 90 av 103', 'page')]),
 ('lek', None, 'April 2022', [('April 2022', 'date', False, 'month-year on a cover')]),
 ('lek', None, 'Mellan 2017 och 2020 har Lekebergs kommun en stigande trend och anmälda brott om skadegörelse har ökat från 4,1 till 7,3.', [('2017', 'year'), ('2020', 'year'), ('4,1', 'other_quantity', True, 'per 1000 inhabitants'), ('7,3', 'other_quantity', True, 'per 1000 inhabitants')]),
 ('lek', None, 'Samverkansöverenskommelse för åren 2022-2025 med polis, daterad 2021-11-22', [('2022-2025', 'period'), ('2021-11-22', 'date')]),
]

def norm(s):
    return re.sub(r'\s+', ' ', s).strip()

_cache = {}
def page_texts(key, page):
    name = F[key]
    if name.endswith('.txt'):
        t = (SEEDS / name).read_text()
        return [norm(t)]
    out = []
    for mode in ([], ['-layout']):
        k = (name, page, tuple(mode))
        if k not in _cache:
            r = subprocess.run(['pdftotext', *mode, '-f', str(page), '-l', str(page), str(REAL / name), '-'],
                               capture_output=True, text=True)
            _cache[k] = r.stdout
        t = _cache[k]
        out.append(norm(t))
        out.append(norm(re.sub(r'(\w)-\s*\n\s*(\w)', r'\1\2', t)))  # line-end hyphen removed
    return out

def main():
    bad = 0; items = []
    for i, (key, page, sent, spans) in enumerate(E, 1):
        if not any(norm(sent) in t for t in page_texts(key, page)):
            print(f'#{i} sentence not found on {F[key]} p{page}: {sent[:80]}'); bad += 1
        cover = [False] * len(sent); pos = 0; out = []
        for sp in spans:
            text, kind = sp[0], sp[1]
            fig = sp[2] if len(sp) > 2 else kind in FIG_KINDS
            j = sent.find(text, pos) if not text.isalpha() else re.search(r'\b%s\b' % re.escape(text), sent[pos:]) 
            if isinstance(j, re.Match): j = pos + j.start()
            if j is None or j < 0:
                print(f'#{i} span {text!r} not found after {pos}'); bad += 1; continue
            for c in range(j, j + len(text)): cover[c] = True
            pos = j + len(text)
            d = {'text': text, 'kind': kind, 'figure': fig, 'start': j}
            if len(sp) > 3: d['note'] = sp[3]
            out.append(d)
        for c, ch in enumerate(sent):
            if ch.isdigit() and not cover[c]:
                print(f'#{i} digit at {c} not covered: ...{sent[max(0,c-15):c+10]}'); bad += 1; break
        items.append({'id': i, 'source': {'file': F[key], 'page': page,
                      'collection': 'seeds' if page is None else 'real'},
                      'sentence': sent, 'spans': out})
    files = {it['source']['file'] for it in items if it['source']['collection'] == 'real'}
    print(f'{len(items)} sentences, {sum(len(it["spans"]) for it in items)} spans, {len(files)} real PDFs, {bad} problems')
    Path(__file__).resolve().parent.parent.joinpath('references.json').write_text(
        json.dumps({'format': 'see tests/labels/README.md', 'sentences': items}, ensure_ascii=False, indent=1) + '\n')
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main())
