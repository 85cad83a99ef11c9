"""Build tests/labels/indicators.json: figure sentences with the indicator each figure measures.

Every entry was written by reading the sentence in its document (PDF page image / seed text) and
deciding what the figure measures, for whom, when, and against which comparison group. The
indicator name is chosen so that figures measuring the same thing in different reports, years or
municipalities share it; the unit, period, comparison group and subject are kept apart.
The script checks sentences and spans, derives the same-indicator pairs and writes the JSON.
Run: python3 tests/labels/src/build_indicators.py
"""
import itertools, json, re, subprocess, sys
from pathlib import Path

REAL = Path('/work/shared/real'); SEEDS = Path('/work/shared/seeds')
F = {'k22': 'kungalv_social-hallbarhet_2022.txt', 'k23': 'kungalv_social-hallbarhet_2023.txt',
     'trygg': 'kungalv_trygg-i-kungalv_2023.txt', 'lek': 'lekeberg_forstudie-trygghet_2022.txt',
     'A22': 'goteborg_stadsrevisionen_arsredogorelse_2022.pdf', 'A23': 'goteborg_stadsrevisionen_arsredogorelse_2023.pdf',
     'KOM': 'goteborg_stadsrevisionen_rapportsammandrag_kompetensforsorjning_inom_socialtjansten_2023.pdf',
     'ENE': 'goteborg_stadsrevisionen_rapportsammandrag_arbete_for_att_minska_energianvandare_i_bosta_2024.pdf',
     'OL': 'olofstrom_handlingsplan-klimat-energi_2023.pdf', 'SK': 'soderkoping_mal-strategier-miljo-klimat_2022.pdf',
     'IS': 'goteborg_intraservice_delarsrapport_2026-03.pdf'}

LTA = 'långtidsarbetslöshet 25–64 år'
BIST = 'långvarigt ekonomiskt bistånd, vuxna'
BEH = 'behörighet till gymnasiets yrkesprogram, åk 9'
HUSH = 'hushåll med socialt kontrakt eller socialt boende'
OJ = 'Öppna jämförelser trygghet och säkerhet, placering'
SJ = 'sjukfrånvaro, total'
CERT = 'andel certifierade yrkesrevisorer'
ANST = 'antal anställda'
YRK = 'antal yrkesrevisorer'
KB = 'kommunbidrag'
INTG = 'intäkter från granskning'
RES = 'årets resultat'
EK = 'eget kapital'
EKM = 'eget kapital, rimlig nivå'
EFF05 = 'effektivare energianvändning jämfört med 2005'
FEL = 'andel förnybar el'
GHG90 = 'minskade växthusgasutsläpp jämfört med 1990'
ENGBG = 'minskad energianvändning i bostäder och lokaler'
SLA = 'andel incidenter lösta inom SLA'

# (key, page, sentence, span, value, unit, period, comparison_group, subject, indicator, measure, note)
E = [
 ('k22', None, 'Långtidsarbetslösheten i Kungälv under 2022 var 1,9 procent.', '1,9 procent', 1.9, '%', '2022', None, 'Kungälv', LTA, 'level', 'age group 25–64 år from the section heading'),
 ('k22', None, 'Det är under genomsnittet för riket som var 3,8 procent.', '3,8 procent', 3.8, '%', '2022', 'riket', 'Sverige', LTA, 'level', 'subject and period from the previous sentence'),
 ('k22', None, 'För liknande kommuner var resultatet 2,1 procent.', '2,1 procent', 2.1, '%', '2022', 'liknande kommuner', 'liknande kommuner', LTA, 'level', None),
 ('k22', None, 'Andelen långtidsarbetslöshet (25 – 64 år) ska vara högst 1,5 procent innan 2027', '1,5 procent', 1.5, '%', '2027', None, 'Kungälv', LTA, 'target', 'a target (högst … innan 2027)'),
 ('k23', None, 'Långtidsarbetslösheten i Kungälv under 2023 var 1,7 procent.', '1,7 procent', 1.7, '%', '2023', None, 'Kungälv', LTA, 'level', None),
 ('k23', None, 'Det är under genomsnittet för riket som var 3,4 procent.', '3,4 procent', 3.4, '%', '2023', 'riket', 'Sverige', LTA, 'level', None),
 ('k23', None, 'För liknande kommuner var resultatet 1,9 procent.', '1,9 procent', 1.9, '%', '2023', 'liknande kommuner', 'liknande kommuner', LTA, 'level', 'same wording as the 2022 edition, figure updated (2,1 → 1,9)'),
 ('k23', None, 'Andelen långtidsarbetslöshet (25 – 64 år) ska vara högst 1,5 procent innan 2027', '1,5 procent', 1.5, '%', '2027', None, 'Kungälv', LTA, 'target', None),
 ('k22', None, '2021 hade Kungälv en lägre andel personer med långvarigt försörjningsstöd (0,72 procent än riket (1,26 procent)).', '0,72 procent', 0.72, '%', '2021', None, 'Kungälv', BIST, 'level', "'långvarigt försörjningsstöd' = the indicator 'Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd' named just before; the 2022 report gives 2021 data"),
 ('k22', None, '2021 hade Kungälv en lägre andel personer med långvarigt försörjningsstöd (0,72 procent än riket (1,26 procent)).', '1,26 procent', 1.26, '%', '2021', 'riket', 'Sverige', BIST, 'level', None),
 ('k22', None, 'Andelen i Kungälv har ökat något jämfört med föregående år och är nu högre jämfört med kommuner med liknande socioekonomiska förhållanden (0,68 procent).', '0,68 procent', 0.68, '%', '2021', 'liknande kommuner', 'liknande kommuner', BIST, 'level', None),
 ('k23', None, '2022 hade Kungälv en lägre andel personer med långvarigt försörjningsstöd (0,67 procent än riket (1,11 procent).', '0,67 procent', 0.67, '%', '2022', None, 'Kungälv', BIST, 'level', None),
 ('k23', None, '2022 hade Kungälv en lägre andel personer med långvarigt försörjningsstöd (0,67 procent än riket (1,11 procent).', '1,11 procent', 1.11, '%', '2022', 'riket', 'Sverige', BIST, 'level', None),
 ('k23', None, 'Andelen i Kungälv har minskat något jämfört med föregående år och är högre jämfört med kommuner med liknande socioekonomiska förhållanden (0,58 procent).', '0,58 procent', 0.58, '%', '2022', 'liknande kommuner', 'liknande kommuner', BIST, 'level', None),
 ('k22', None, 'Andelen vuxna biståndsmottagare med långvarigt bistånd ska vara högst 0,5 procent innan 2027', '0,5 procent', 0.5, '%', '2027', None, 'Kungälv', BIST, 'target', None),
 ('k22', None, 'I Kungälv är 90 procent behöriga till gymnasiet yrkesprogram, medan motsvarande siffra för riket är 85 procent och liknande kommuner 89 procent¹.', '90 procent', 90, '%', '2022', None, 'Kungälv', BEH, 'level', 'period from the context (2022)'),
 ('k22', None, 'I Kungälv är 90 procent behöriga till gymnasiet yrkesprogram, medan motsvarande siffra för riket är 85 procent och liknande kommuner 89 procent¹.', '85 procent', 85, '%', '2022', 'riket', 'Sverige', BEH, 'level', None),
 ('k22', None, 'I Kungälv är 90 procent behöriga till gymnasiet yrkesprogram, medan motsvarande siffra för riket är 85 procent och liknande kommuner 89 procent¹.', '89 procent', 89, '%', '2022', 'liknande kommuner', 'liknande kommuner', BEH, 'level', "'¹' is a footnote mark, not part of the figure"),
 ('k22', None, 'I Kungälv kommun har framför allt pojkars behörighet till yrkesprogram ökat, från 84 procent till 90 procent under perioden 2020 till 2022.', '84 procent', 84, '%', '2020', None, 'Kungälv', BEH + ', pojkar', 'level', 'boys only: a different indicator from the all-pupils figure'),
 ('k22', None, 'I Kungälv kommun har framför allt pojkars behörighet till yrkesprogram ökat, från 84 procent till 90 procent under perioden 2020 till 2022.', '90 procent', 90, '%', '2022', None, 'Kungälv', BEH + ', pojkar', 'level', 'same value as the all-pupils figure, different indicator'),
 ('k22', None, 'Behörighet till yrkesprogram vid gymnasiet ska vara lägst 92 procent innan 2027.', '92 procent', 92, '%', '2027', None, 'Kungälv', BEH, 'target', None),
 ('k23', None, 'Behörighet till yrkesprogram vid gymnasiet ska vara lägst 92 procent innan 2027.', '92 procent', 92, '%', '2027', None, 'Kungälv', BEH, 'target', None),
 ('k23', None, 'Däremot ökade andelen elever i årskurs 9 med godkänt betyg i samtliga ämnen, från 73 procent till 79 procent, vilket är en relativt stor ökning.', '73 procent', 73, '%', '2022', None, 'Kungälv', 'elever i åk 9 med godkänt betyg i alla ämnen', 'level', 'looks like the behörighet indicator (same pupils, same paragraph) but measures something else'),
 ('k23', None, 'Däremot ökade andelen elever i årskurs 9 med godkänt betyg i samtliga ämnen, från 73 procent till 79 procent, vilket är en relativt stor ökning.', '79 procent', 79, '%', '2023', None, 'Kungälv', 'elever i åk 9 med godkänt betyg i alla ämnen', 'level', None),
 ('k22', None, 'I december 2022 hade 162 hushåll socialt kontrakt eller annan typ av boende vilket är en minskning med fem hushåll sedan 2021.', '162', 162, 'hushåll', 'december 2022', None, 'Kungälv', HUSH, 'level', None),
 ('k22', None, 'I december 2022 hade 162 hushåll socialt kontrakt eller annan typ av boende vilket är en minskning med fem hushåll sedan 2021.', 'fem', 5, 'hushåll', '2021–2022', None, 'Kungälv', HUSH, 'change', 'a change (minskning), number in words'),
 ('k23', None, 'I december 2023 hade 147 hushåll socialt kontrakt eller annan typ av boende vilket är en minskning med 16 hushåll sedan 2022.', '147', 147, 'hushåll', 'december 2023', None, 'Kungälv', HUSH, 'level', None),
 ('k23', None, 'I december 2023 hade 147 hushåll socialt kontrakt eller annan typ av boende vilket är en minskning med 16 hushåll sedan 2022.', '16', 16, 'hushåll', '2022–2023', None, 'Kungälv', HUSH, 'change', None),
 ('k22', None, 'Vid antagandet av Programmet för Social Hållbarhet i december 2019 hade 170 hushåll antingen socialt kontrakt eller annan typ av socialt boende i Kungälv kommun.', '170', 170, 'hushåll', 'december 2019', None, 'Kungälv', HUSH, 'level', 'baseline'),
 ('trygg', None, 'Kungälvs kommun placerade sig år 2023 på plats 71 (2022: 89 plats) av samtliga 290 kommuner.', 'plats 71', 71, 'plats', '2023', None, 'Kungälv', OJ, 'rank', 'SKR/MSB comparison of the 290 municipalities (Öppna jämförelser Trygghet och säkerhet), named in the previous paragraph'),
 ('trygg', None, 'Kungälvs kommun placerade sig år 2023 på plats 71 (2022: 89 plats) av samtliga 290 kommuner.', '89 plats', 89, 'plats', '2022', None, 'Kungälv', OJ, 'rank', "previous year's value in parentheses"),
 ('lek', None, 'Av öppna jämförelser relaterat till Trygghet och säkerhet 2020, framgår att Lekebergs kommun hamnar på en 18:e plats av landets kommuner.', '18:e plats', 18, 'plats', '2020', None, 'Lekeberg', OJ, 'rank', 'same indicator as Kungälv\'s "plats 71"'),
 ('trygg', None, 'Medan vi sett en positiv trend de senaste åren angående tryggheten vid utevistelse sent på kvällen så visar de nyaste siffrorna att andelen som känner sig otrygga vid utevistelse sent på kvällen i det egna bostadsområdet har ökat från 20 procent 2022, till 23 procent 2023.', '20 procent', 20, '%', '2022', None, 'Kungälv', 'otrygghet vid utevistelse sent på kvällen i eget bostadsområde', 'level', 'NTU'),
 ('trygg', None, 'Medan vi sett en positiv trend de senaste åren angående tryggheten vid utevistelse sent på kvällen så visar de nyaste siffrorna att andelen som känner sig otrygga vid utevistelse sent på kvällen i det egna bostadsområdet har ökat från 20 procent 2022, till 23 procent 2023.', '23 procent', 23, '%', '2023', None, 'Kungälv', 'otrygghet vid utevistelse sent på kvällen i eget bostadsområde', 'level', None),
 ('lek', None, 'Mellan 2017 och 2020 har Lekebergs kommun en stigande trend och anmälda brott om skadegörelse har ökat från 4,1 till 7,3.', '4,1', 4.1, 'per 1 000 invånare', '2017', None, 'Lekeberg', 'anmälda skadegörelsebrott per 1 000 invånare', 'level', 'unit from the slide title'),
 ('lek', None, 'Mellan 2017 och 2020 har Lekebergs kommun en stigande trend och anmälda brott om skadegörelse har ökat från 4,1 till 7,3.', '7,3', 7.3, 'per 1 000 invånare', '2020', None, 'Lekeberg', 'anmälda skadegörelsebrott per 1 000 invånare', 'level', None),
 ('lek', None, 'Av statistiken år 2021 framgår att i Lekebergs kommun har 37.8% angett att inbrott eller stölder i kommunen är ett mycket stort eller ganska stort problem.', '37.8%', 37.8, '%', '2021', None, 'Lekeberg', 'andel som anser inbrott eller stölder vara ett stort problem', 'level', 'decimal point, not comma'),
 ('lek', None, 'Av statistiken år 2021 framgår att i Lekebergs kommun har 24.7% angett att de är oroliga för att drabbas av ett inbrott i hemmet.', '24.7%', 24.7, '%', '2021', None, 'Lekeberg', 'oro för inbrott i hemmet', 'level', None),
 ('lek', None, 'Av statistiken år 2021 framgår att i Lekebergs kommun har 14.1% angett att de är oroliga för att drabbas av ett inbrott i hemmet.', '14.1%', 14.1, '%', '2021', None, 'Lekeberg', 'oro för våldsbrott eller hot om våld', 'level', "UNCERTAIN: the sentence repeats the wording of the 24.7% slide, but its slide title and definition are 'Oro för att bli utsatt för våldsbrott eller hot om våld år 2021'; labelled by the title (a copy error in the source)"),
 ('A22', 45, 'Den totala sjukfrånvaron låg under 2022 på 2,8% jämfört med 5,0% under 2021.', '2,8%', 2.8, '%', '2022', None, 'Stadsrevisionen Göteborg', SJ, 'level', None),
 ('A22', 45, 'Den totala sjukfrånvaron låg under 2022 på 2,8% jämfört med 5,0% under 2021.', '5,0%', 5.0, '%', '2021', None, 'Stadsrevisionen Göteborg', SJ, 'level', None),
 ('A23', 38, 'Som tidigare nämnts har den totala sjukfrånvaron minskat och låg under 2023 på 1,5% jämfört med 2,8% under 2022.', '1,5%', 1.5, '%', '2023', None, 'Stadsrevisionen Göteborg', SJ, 'level', None),
 ('A23', 38, 'Som tidigare nämnts har den totala sjukfrånvaron minskat och låg under 2023 på 1,5% jämfört med 2,8% under 2022.', '2,8%', 2.8, '%', '2022', None, 'Stadsrevisionen Göteborg', SJ, 'level', None),
 ('A23', 34, 'Mellan 2022 och 2023 sjönk den från 2,8 till 1,5 procent.', '1,5 procent', 1.5, '%', '2023', None, 'Stadsrevisionen Göteborg', SJ, 'level', "'den' = 'Sjukfrånvaron' of the previous sentence"),
 ('A22', 45, 'Den korta sjukfrånvaron (1–14 dagar) har ökat från 0,9 föregående år till 1,3 procent 2022.', '1,3 procent', 1.3, '%', '2022', None, 'Stadsrevisionen Göteborg', 'sjukfrånvaro, kort (1–14 dagar)', 'level', 'looks like total sick leave; a different indicator'),
 ('A22', 45, 'Den långa sjukfrånvaron (över 15 dagar) har minskat till 1,5 procent från 4,2 procent 2021.', '1,5 procent', 1.5, '%', '2022', None, 'Stadsrevisionen Göteborg', 'sjukfrånvaro, lång (över 15 dagar)', 'level', 'same value as total sick leave 2023 (1,5 procent) but a different indicator'),
 ('A22', 45, 'Den långa sjukfrånvaron (över 15 dagar) har minskat till 1,5 procent från 4,2 procent 2021.', '4,2 procent', 4.2, '%', '2021', None, 'Stadsrevisionen Göteborg', 'sjukfrånvaro, lång (över 15 dagar)', 'level', None),
 ('A22', 38, 'Vid utgången av 2022 var andelen certifierade yrkesrevisorer 80 procent vilket är en ökning mot föregående år då andelen certifierade yrkesrevisorer var drygt 60%.', '80 procent', 80, '%', '2022', None, 'Stadsrevisionen Göteborg', CERT, 'level', None),
 ('A22', 38, 'Vid utgången av 2022 var andelen certifierade yrkesrevisorer 80 procent vilket är en ökning mot föregående år då andelen certifierade yrkesrevisorer var drygt 60%.', '60%', 60, '%', '2021', None, 'Stadsrevisionen Göteborg', CERT, 'level', "'drygt' (just over)"),
 ('A23', 33, 'Vid utgången av 2021 uppgick andelen certifierade yrkesrevisorer vid stadsrevisionen till 60 procent.', '60 procent', 60, '%', '2021', None, 'Stadsrevisionen Göteborg', CERT, 'level', None),
 ('A23', 33, 'Vid utgången av 2023 hade motsvarande siffra ökat till nästan 80 procent.', '80 procent', 80, '%', '2023', None, 'Stadsrevisionen Göteborg', CERT, 'level', "'motsvarande siffra' refers to the previous sentence"),
 ('A22', 45, 'Stadsrevisionen hade vid utgången av 2022 totalt 34 medarbetare varav 24 yrkesrevisorer.', '34', 34, 'personer', '2022', None, 'Stadsrevisionen Göteborg', ANST, 'level', "'medarbetare' = 'anställda' (the table 5.1 'Totalt antal anställda' 34)"),
 ('A22', 45, 'Stadsrevisionen hade vid utgången av 2022 totalt 34 medarbetare varav 24 yrkesrevisorer.', '24', 24, 'personer', '2022', None, 'Stadsrevisionen Göteborg', YRK, 'level', 'a part of the 34: different indicator'),
 ('A22', 45, 'Vid utgången av 2022 var det totalt 34 anställda.', '34', 34, 'personer', '2022', None, 'Stadsrevisionen Göteborg', ANST, 'level', None),
 ('A23', 38, 'Stadsrevisionen hade vid utgången av 2023 totalt 32 medarbetare varav 23 yrkesrevisorer.', '32', 32, 'personer', '2023', None, 'Stadsrevisionen Göteborg', ANST, 'level', None),
 ('A23', 38, 'Stadsrevisionen hade vid utgången av 2023 totalt 32 medarbetare varav 23 yrkesrevisorer.', '23', 23, 'personer', '2023', None, 'Stadsrevisionen Göteborg', YRK, 'level', None),
 ('KOM', 2, 'Göteborgs Stad är med cirka 56 000 anställda i över 100 yrken en av landets största arbetsgivare.', 'cirka 56 000', 56000, 'personer', None, None, 'Göteborgs Stad', ANST, 'level', 'approximate; the whole city, not the audit office: same indicator, other subject'),
 ('A22', 43, 'Stadsrevisionen tilldelas ett kommunbidrag om 38 352 tusen kronor avseende revisionen av nämnderna.', '38 352 tusen kronor', 38352, 'tkr', '2022', None, 'Stadsrevisionen Göteborg', KB, 'level', None),
 ('A23', 37, 'Inför verksamhetsåret 2023 tilldelades Stadsrevisionen ett kommunbidrag om 39 926 tusen kronor avseende revisionen av nämnderna.', '39 926 tusen kronor', 39926, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', KB, 'level', None),
 ('A23', 1, 'Stadsrevisionen har erhållit kommunbidrag om 39 926 tkr för verksamhetsåret 2023.', '39 926 tkr', 39926, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', KB, 'level', "'tkr' = 'tusen kronor'"),
 ('A22', 43, 'Intäkter från granskningen uppgår till 5 214 tusen kronor.', '5 214 tusen kronor', 5214, 'tkr', '2022', None, 'Stadsrevisionen Göteborg', INTG, 'level', None),
 ('A23', 37, 'Intäkter från granskningen uppgår till 5 305 tusen kronor.', '5 305 tusen kronor', 5305, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', INTG, 'level', 'same wording as 2022, figure updated'),
 ('A22', 43, 'Årets negativa resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor, vilket ger en negativ avvikelse på -84 tusen kronor.', '-584 tusen kronor', -584, 'tkr', '2022', None, 'Stadsrevisionen Göteborg', RES, 'level', None),
 ('A22', 43, 'Årets negativa resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor, vilket ger en negativ avvikelse på -84 tusen kronor.', '-500 tusen kronor', -500, 'tkr', '2022', None, 'Stadsrevisionen Göteborg', RES, 'budget', 'the budgeted value of the same indicator'),
 ('A22', 43, 'Årets negativa resultat blev -584 tusen kronor mot budgeterade -500 tusen kronor, vilket ger en negativ avvikelse på -84 tusen kronor.', '-84 tusen kronor', -84, 'tkr', '2022', None, 'Stadsrevisionen Göteborg', 'årets resultat, avvikelse mot budget', 'level', None),
 ('A23', 37, 'Stadsrevisionens årsresultat blev 740 tusen kronor mot budgeterade -750 tusen kronor, vilket ger en positiv avvikelse med 1 490 tusen kronor mor budget.', '740 tusen kronor', 740, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', RES, 'level', "'årsresultat' = 'årets resultat'"),
 ('A23', 37, 'Stadsrevisionens årsresultat blev 740 tusen kronor mot budgeterade -750 tusen kronor, vilket ger en positiv avvikelse med 1 490 tusen kronor mor budget.', '-750 tusen kronor', -750, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', RES, 'budget', None),
 ('A23', 37, 'Stadsrevisionens årsresultat blev 740 tusen kronor mot budgeterade -750 tusen kronor, vilket ger en positiv avvikelse med 1 490 tusen kronor mor budget.', '1 490 tusen kronor', 1490, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', 'årets resultat, avvikelse mot budget', 'level', None),
 ('A22', 44, 'Det egna kapitalet uppgår till 3 366 tusen kronor i bokslutet 2022.', '3 366 tusen kronor', 3366, 'tkr', '2022', None, 'Stadsrevisionen Göteborg', EK, 'level', None),
 ('A23', 38, 'Det egna kapitalet uppgår till 4 105 tusen kronor i bokslutet 2023.', '4 105 tusen kronor', 4105, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', EK, 'level', None),
 ('A23', 1, 'Revisorskollegiet redovisar ett eget kapital på 4 105 tkr i bokslutet för 2023.', '4 105 tkr', 4105, 'tkr', '2023', None, 'Stadsrevisionen Göteborg', EK, 'level', None),
 ('A22', 44, 'Mot bakgrund av detta har revisionskollegiet tidigare beslutat att en rimlig nivå för eget kapital är 2 200 tusen kronor.', '2 200 tusen kronor', 2200, 'tkr', None, None, 'Stadsrevisionen Göteborg', EKM, 'target', 'a level judged reasonable, not the actual equity'),
 ('A23', 38, 'Mot bakgrund av detta har revisionskollegiet i likhet med tidigare år bedömt att en rimlig nivå för eget kapital är 2 200 tusen kronor.', '2 200 tusen kronor', 2200, 'tkr', None, None, 'Stadsrevisionen Göteborg', EKM, 'target', None),
 ('OL', 2, 'Blekinge bidrar till Sveriges mål om 50 procent effektivare energianvändning till år 2030 jämfört med 2005.', '50 procent', 50, '%', '2030', None, 'Sverige', EFF05, 'target', 'base year 2005 is part of the definition'),
 ('SK', 5, 'Sverige har beslutat att vår elförsörjning ska vara 100 procent förnybar 2040 och att vår energianvändning ska vara 50 procent mer effektiv 2030 jämfört med 2005.', '50 procent', 50, '%', '2030', None, 'Sverige', EFF05, 'target', "the same national target as Olofström's, worded differently"),
 ('SK', 5, 'Sverige har beslutat att vår elförsörjning ska vara 100 procent förnybar 2040 och att vår energianvändning ska vara 50 procent mer effektiv 2030 jämfört med 2005.', '100 procent', 100, '%', '2040', None, 'Sverige', FEL, 'target', None),
 ('OL', 5, 'Blekinges elproduktion är 100 procent förnybar år 2040.', '100 procent', 100, '%', '2040', None, 'Blekinge', FEL, 'target', "Blekinge's electricity production vs Sweden's electricity supply: paired as one indicator (share of renewable electricity), subjects differ"),
 ('SK', 12, 'År 2030 ska energianvändningen vara 60 procent effektivare jämfört med år 2008.', '60 procent', 60, '%', '2030', None, 'Östergötland', 'effektivare energianvändning jämfört med 2008', 'target', 'looks like the 2005-based target; other base year, other indicator'),
 ('ENE', 3, 'Ett delmål för att uppnå målet handlar om att energianvändningen i bostäder och lokaler ska minska med 30 procent per invånare, jämfört med år 2010.', '30 procent', 30, '%', '2030', None, 'Göteborgs Stad', ENGBG, 'target', 'per invånare, base year 2010; target year 2030 from the same paragraph'),
 ('ENE', 5, 'Higabs styrelse har under 2023 tydliggjort att bolaget arbetar utifrån fullmäktiges mål om att minska energianvändningen med 30 procent till år 2030.', '30 procent', 30, '%', '2030', None, 'Göteborgs Stad', ENGBG, 'target', "fullmäktiges mål = the delmål above (bostäder och lokaler)"),
 ('A23', 16, 'Higabs styrelse har under 2023 tydliggjort att bolaget arbetar utifrån fullmäktiges mål om att minska energianvändningen med 30 procent till år 2030.', '30 procent', 30, '%', '2030', None, 'Göteborgs Stad', ENGBG, 'target', 'the årsredogörelse 2023 repeats the audit summary word for word'),
 ('SK', 5, 'Målet att minst 50 procent av vår energi ska vara förnybar till 2020 nåddes redan 2014 då vi hade 53 procent förnybar energi.', '53 procent', 53, '%', '2014', None, 'Sverige', 'andel förnybar energi', 'level', 'all energy, not electricity: different from andel förnybar el'),
 ('SK', 5, 'Målet att minst 50 procent av vår energi ska vara förnybar till 2020 nåddes redan 2014 då vi hade 53 procent förnybar energi.', '50 procent', 50, '%', '2020', None, 'Sverige', 'andel förnybar energi', 'target', None),
 ('SK', 12, 'Nuläge år 2016: 72 procent av den totala energiproduktionen.', '72 procent', 72, '%', '2016', None, 'Östergötland', 'andel förnybar och återvunnen energi i energiproduktionen', 'level', 'the goal sentence before it defines what the 72 % measure'),
 ('SK', 7, 'Mål 13 är en av Sveriges större utmaningar trots att våra inhemska utsläpp har minskat med 26 procent jämfört med 1990.', '26 procent', 26, '%', None, None, 'Sverige', GHG90, 'change', 'territorial (inhemska) emissions; year of the value not given'),
 ('SK', 12, 'Nuläge år 2016: minskning med 23,5 procent sedan år 1990.', '23,5 procent', 23.5, '%', '2016', None, 'Östergötland', GHG90, 'change', None),
 ('SK', 12, 'År 2045 ska utsläppen av växthusgaser i Östergötland vara 85 procent lägre jämfört med år 1990.', '85 procent', 85, '%', '2045', None, 'Östergötland', GHG90, 'target', None),
 ('SK', 12, 'År 2030 ska växthusgasutsläppen från transporter i Östergötland vara minst 70 procent lägre jämfört med år 2010.', '70 procent', 70, '%', '2030', None, 'Östergötland', 'minskade växthusgasutsläpp från transporter jämfört med 2010', 'target', 'transport only, base 2010: different indicator'),
 ('OL', 10, 'År 2045 är utsläppen mindre än två ton per invånare.', 'två ton per invånare', 2, 'ton per invånare', '2045', None, 'Blekinge', 'konsumtionsbaserade utsläpp per invånare', 'target', "consumption-based emissions (previous sentence), tonnes per inhabitant: not the territorial % reduction"),
 ('IS', 5, 'Utfallet för lösningsgrad (jan-mars) ligger på 87,5 % lösta incidenter inom SLA och ligger över målet på 85 %.', '87,5 %', 87.5, '%', 'januari–mars 2026', None, 'Intraservice Göteborg', SLA, 'level', None),
 ('IS', 5, 'Utfallet för lösningsgrad (jan-mars) ligger på 87,5 % lösta incidenter inom SLA och ligger över målet på 85 %.', '85 %', 85, '%', '2026', None, 'Intraservice Göteborg', SLA, 'target', None),
 ('IS', 5, 'Under perioden januari – mars 2026 har vi haft totalt 7 major incidents, fördelat på 5 major incident inom tjänsteområde Digital infrastruktur och 2 inom tjänsteområde HR.', '7', 7, 'antal', 'januari–mars 2026', None, 'Intraservice Göteborg', 'antal major incidents', 'level', None),
]

# Explicit look-alike pairs (entry index pairs, 1-based) that are NOT the same indicator
LOOKALIKES = [
 (16, 20, 'all pupils vs boys only (both 90 procent 2022)'), (16, 23, 'behörighet vs godkänt betyg i alla ämnen'),
 (40, 45, 'total vs short sick leave (2022)'), (42, 46, 'total sick leave 2023 vs long sick leave 2022, both 1,5'),
 (52, 53, 'employees vs the auditors among them'), (63, 65, 'result vs its deviation from budget'),
 (72, 69, 'reasonable level vs actual equity'), (74, 78, 'energy efficiency vs base year 2005 / 2008'),
 (76, 83, 'renewable electricity vs renewable energy'), (82, 84, 'renewable energy (use) vs renewable and recovered energy in production'),
 (87, 88, 'all greenhouse gases (base 1990) vs transport emissions (base 2010)'),
 (87, 89, 'territorial % reduction vs consumption-based tonnes per inhabitant'),
 (38, 39, 'worry about burglary vs worry about violence (same sentence wording in the source)'),
 (37, 38, 'burglary seen as a problem in the municipality vs worry about burglary at home'),
 (79, 74, 'Göteborg: 30 % less energy per inhabitant in buildings (base 2010) vs Sweden: 50 % more efficient (base 2005)'),
]

def norm(s): return re.sub(r'\s+', ' ', s).strip()

_c = {}
def texts(key, page):
    name = F[key]
    if name.endswith('.txt'):
        return [norm((SEEDS / name).read_text())]
    out = []
    for mode in ([], ['-layout']):
        k = (name, page, tuple(mode))
        if k not in _c:
            _c[k] = subprocess.run(['pdftotext', *mode, '-f', str(page), '-l', str(page), str(REAL / name), '-'], capture_output=True, text=True).stdout
        out += [norm(_c[k]), norm(re.sub(r'(\w)-\s*\n\s*(\w)', r'\1\2', _c[k]))]
    return out

def main():
    bad = 0; items = []
    for i, (key, page, sent, span, value, unit, period, group, subject, ind, measure, note) in enumerate(E, 1):
        if not any(norm(sent) in t for t in texts(key, page)):
            print(f'#{i} sentence not found: {sent[:70]}'); bad += 1
        if span not in sent:
            print(f'#{i} span not in sentence: {span}'); bad += 1
        d = {'id': i, 'source': {'file': F[key], 'page': page, 'collection': 'seeds' if page is None else 'real'},
             'sentence': sent, 'figure': span, 'value': value, 'unit': unit, 'period': period,
             'comparison_group': group, 'subject': subject, 'indicator': ind, 'measure': measure}
        if note: d['note'] = note
        items.append(d)
    # same-indicator pairs across different documents or periods (same measure and comparison group)
    pairs = []
    for a, b in itertools.combinations(items, 2):
        if a['indicator'] == b['indicator'] and a['measure'] == b['measure'] and a['comparison_group'] == b['comparison_group'] \
           and (a['source']['file'] != b['source']['file'] or a['period'] != b['period']):
            pairs.append({'a': a['id'], 'b': b['id'], 'same_indicator': True,
                          'across': 'documents' if a['source']['file'] != b['source']['file'] else 'years'})
    for a, b, why in LOOKALIKES:
        assert items[a-1]['indicator'] != items[b-1]['indicator'], (a, b)
        pairs.append({'a': a, 'b': b, 'same_indicator': False, 'why': why,
                      'a_figure': items[a-1]['figure'], 'b_figure': items[b-1]['figure']})
    cross_doc = sum(1 for p in pairs if p['same_indicator'] and p['across'] == 'documents')
    out = {'format': 'see tests/labels/README.md', 'figures': items, 'pairs': pairs}
    Path(__file__).resolve().parent.parent.joinpath('indicators.json').write_text(json.dumps(out, ensure_ascii=False, indent=1) + '\n')
    n_sent = len({(it['source']['file'], it['sentence']) for it in items})
    print(f'{len(items)} figures in {n_sent} sentences, {len({it["indicator"] for it in items})} indicators, '
          f'{sum(p["same_indicator"] for p in pairs)} same-indicator pairs ({cross_doc} across documents), '
          f'{len(LOOKALIKES)} look-alike pairs, {bad} problems')
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main())
