"""Build tests/labels/topic_pairs.json: headings of Olofström's and Söderköping's plans and the
sections that treat the same topic, decided by reading both documents (page images + text).
The script checks that every heading is printed on its page and writes the JSON.
Run: python3 tests/labels/src/build_topic_pairs.py
"""
import json, re, subprocess, sys
from pathlib import Path

REAL = Path('/work/shared/real')
A = 'olofstrom_handlingsplan-klimat-energi_2023.pdf'
B = 'soderkoping_mal-strategier-miljo-klimat_2022.pdf'

# (id, level, heading as printed, page, parent id)
A_HEADINGS = [
 ('A1', 1, 'Bakgrund', 1, None),
 ('A1.1', 2, 'Arbetsgrupp', 2, 'A1'),
 ('A2', 1, 'Aktiviteterna i Handlingsplanen', 2, None),
 ('A3', 1, 'Åtgärdsplan', 2, None),
 ('A3.1', 2, '1. Minskad energianvändning', 2, 'A3'),
 ('A3.2', 2, '2. Förnybar energi', 5, 'A3'),
 ('A3.3', 2, '3. Transporter', 7, 'A3'),
 ('A3.4', 2, '4. Engagera flera', 10, 'A3'),
]
# third level of A (the 25 actions), used by the fine-grained pairs
A_ACTIONS = {'1.1': 'Tilläggsisolera, byta fönster osv.', '1.3': 'Snålspolande munstycken m.m.', '1.4': 'Eco-driving',
             '1.5': 'Avsätta områden för solceller',
             '2.1': 'Ta fram en lista för lämpliga tak för solcellsetablering på kommunala fastigheter.',
             '2.2': 'Byta ut uppvärmning med olja eller direktverkande el till exempelvis fjärrvärme eller bergvärme.',
             '2.3': 'Förespråka förnybar energi för fordon.', '3.1': 'Gång- & Cykelvägar',
             '3.2': 'Revidera och förnya kommunens policy för resor och transporter.',
             '4.5': 'Utreda vad som kan göras för att återbruket av kommunkoncernens möbler inom kommunkoncernen ska bli enklare.',
             '4.6': 'Ta fram en inköpsvägledning för att underlätta för personal hur cirkulära material kan väljas framför linjära.',
             '4.8': 'Lånebibliotek sportprylar', '4.10': 'Återbruksgalleria i Olofström'}
B_HEADINGS = [
 ('B1', 1, '1 Sammanfattning', 4, None),
 ('B2', 1, '2 Om uppdraget', 4, None),
 ('B2.1', 2, '2.1 Målsättning', 4, 'B2'),
 ('B2.2', 2, '2.2 Planerat arbete', 4, 'B2'),
 ('B3', 1, '3 Befintliga mål och strategier', 5, None),
 ('B3.1', 2, '3.1 Globala mål utifrån Agenda 2030', 5, 'B3'),
 ('B3.2', 2, '3.2 Sveriges miljömål', 9, 'B3'),
 ('B3.3', 2, '3.3 Regionala mål', 11, 'B3'),
 ('B3.4', 2, '3.4 Strategisk plan 2022-2025 för Söderköpings kommun', 14, 'B3'),
 ('B3.5', 2, '3.5 Nämndernas uppdragsplaner inkl koppling till Agenda 2030', 16, 'B3'),
 ('B3.6', 2, '3.6 Från nämndernas internkontrollplaner', 17, 'B3'),
 ('B3.7', 2, '3.7 Andra kommunala styrdokument och beslut', 17, 'B3'),
 ('B4', 1, '4 Omvärldsbevakning', 19, None),
 ('B4.1', 2, '4.1 Stort behov av klimatanpassningsåtgärder', 19, 'B4'),
 ('B4.2', 2, '4.2 Övrig omvärldsbevakning och inspiration', 22, 'B4'),
 ('B5', 1, '5 Fortsatt arbete', 23, None),
]
# third level of B as printed in the body (upper case) and in the table of contents (p2-3, mixed case)
B_LEVEL3 = [
 ('B3.1.1', '3.1.1 MÅL 6: RENT VATTEN OCH SANITET FÖR ALLA.', 5), ('B3.1.2', '3.1.2 MÅL 7: HÅLLBAR ENERGI FÖR ALLA', 5),
 ('B3.1.3', '3.1.3 MÅL 11: HÅLLBARA STÄDER OCH SAMHÄLLEN', 6), ('B3.1.4', '3.1.4 MÅL 12: HÅLLBAR KONSUMTION OCH PRODUKTION', 6),
 ('B3.1.5', '3.1.5 MÅL 13: BEKÄMPA KLIMATFÖRÄNDRINGARNA', 7), ('B3.1.6', '3.1.6 MÅL 14: MARINA RESURSER', 7),
 ('B3.1.7', '3.1.7 MÅL 15: EKOSYSTEM OCH BIOLOGISK MÅNGFALD', 8),
 ('B3.3.1', '3.3.1 REGIONAL UTVECKLINGSSTRATEGI FÖR ÖSTERGÖTLAND 2040', 11),
 ('B3.3.2', '3.3.2 ENERGI- OCH KLIMATSTRATEGI FÖR ÖSTERGÖTLAND 2019-2023', 12),
 ('B3.4.1', '3.4.1 EKOLOGISK HÅLLBARHET', 14), ('B3.4.2', '3.4.2 LÅNGSIKTIGT MÅL NR 2', 14),
 ('B3.7.1', '3.7.1 KLIMATSTRATEGI MED ENERGIPLAN 2012-2014', 17), ('B3.7.2', '3.7.2 VA-PLANERINGSDOKUMENT', 17),
 ('B3.7.3', '3.7.3 AVFALLSPLAN', 17), ('B3.7.4', '3.7.4 MÅLTIDSPLAN', 18), ('B3.7.5', '3.7.5 HÅLLBARHETSKRAV VID UPPHANDLING', 18),
 ('B3.7.6', '3.7.6 RIKTLINER FÖR TJÄNSTERESOR', 18),
 ('B4.1.1', '4.1.1 LÅG KUNSKAP OM KOSTNADERNA FÖR KLIMATSKADOR OCH KLIMATANPASSNINGSÅTGÄRDER', 19),
 ('B4.1.2', '4.1.2 ANSVARSFÖRDELNINGEN FÖRSVÅRAR EN EFFEKTIV KLIMATANPASSNING', 20),
 ('B4.1.3', '4.1.3 SKR STARTAR EN PROGRAMBEREDNING FÖR HÅLLBAR OMSTÄLLNING', 21),
 ('B4.1.4', '4.1.4 VIKTIGA INSATSER FÖR ATT EFFEKTIVISERA KLIMATANPASSNINGSARBETET', 21),
 ('B4.2.1', '4.2.1 MCR – MAKING CITIES RESILENT 2030', 22), ('B4.2.2', '4.2.2 KLIMATKOMMUNERNA', 22),
 ('B4.2.3', '4.2.3 VÄSTRA GÖTALAND', 22), ('B4.2.4', '4.2.4 VALLENTUNA KOMMUN', 22), ('B4.2.5', '4.2.5 FALUN', 22),
 ('B4.2.6', '4.2.6 NORRKÖPING', 22), ('B4.2.7', '4.2.7 ÅTVIDABERG', 22), ('B4.2.8', '4.2.8 LINKÖPING', 22),
]

# Section pairs at heading levels 1-2 (many-to-many: the two plans are organised differently,
# A by topic area, B by the source of the goals).
PAIRS = [
 ('A1', 'B3.2', 'strong', "Both list the same Swedish environmental quality goals (begränsad klimatpåverkan, frisk luft, bara naturlig försurning, ingen övergödning, grundvatten av god kvalitet, god bebyggd miljö, ett rikt växt- och djurliv)."),
 ('A1', 'B3.1', 'strong', "Both connect the plan to the Agenda 2030 goals; A lists 6, 7, 9, 11, 12, 13, 15, B treats 6, 7, 11, 12, 13, 14, 15."),
 ('A1', 'B3.3', 'strong', "Both rest on the county's climate and energy strategy (Blekinges klimat- och energistrategi / Energi- och klimatstrategi för Östergötland 2019-2023)."),
 ('A2', 'B3.3', 'partial', "A's plan is organised under the four headings of the regional strategy; B 3.3.2 presents the regional strategy's overarching goal, four underlying goals and six insatsområden (energy production, energy efficiency, transport, circular economy). Borderline: A2 is about the plan's structure."),
 ('A1.1', 'B5', 'strong', "Working group across the organisation for climate and environment: A names the group that wrote the plan (Gruppen för ekologisk hållbarhet); B proposes a förvaltningsöverskridande arbetsgrupp för Miljö och klimat."),
 ('A1.1', 'B1', 'partial', "B's summary repeats the working-group proposal of B5."),
 ('A3.1', 'B3.5', 'strong', "Energy use in municipal buildings (KS: energiförbrukningen i kommunens fastigheter ska minska) and eco-driving (SOC indicator) = A 1.1 and 1.4."),
 ('A3.1', 'B3.4', 'partial', "B 3.4.2: 'Minska energiförbrukningen i kommunens verksamhetslokaler och fastigheter', indicator energy use of the ten properties with the highest use."),
 ('A3.1', 'B3.1', 'partial', "Same national target: A 'Sveriges mål om 50 procent effektivare energianvändning till år 2030 jämfört med 2005', B 3.1.2 'energianvändning ska vara 50 procent mer effektiv 2030 jämfört med 2005'."),
 ('A3.1', 'B3.7', 'partial', "B 3.7.1 Klimatstrategi med Energiplan 2012-2014: a new energy plan is needed."),
 ('A3.2', 'B3.1', 'partial', "Renewable energy: A 'Blekinges elproduktion är 100 procent förnybar år 2040', B 3.1.2 'elförsörjning ska vara 100 procent förnybar 2040'."),
 ('A3.2', 'B3.4', 'partial', "Phasing out fossil heating: B 3.4.2 'Fasa ut fossila energikällor', indicator 'Antal fastigheter som värms upp av fossila energikällor' = A 2.2."),
 ('A3.3', 'B3.7', 'partial', "Travel policy: A 3.2 'Revidera och förnya kommunens policy för resor och transporter' = B 3.7.6 'Riktliner för tjänsteresor'."),
 ('A3.3', 'B3.5', 'partial', "B 3.5: SBN 'beslutsunderlag för transporter', information on hållbara resor, fossil fuel replaced by HVO (= A 2.3 förnybar energi för fordon)."),
 ('A3.4', 'B3.7', 'partial', "Re-use and circular purchasing: B 3.7.3 Avfallsplan 'Öka återbruket av möbler och textilier i de kommunala verksamheterna' = A 4.5; B 3.7.5 upphandling 'återbruk, återvinning och reparation övervägas' = A 4.6."),
 ('A3.4', 'B3.1', 'partial', "Consumption: A 'De konsumtionsbaserade utsläppen minskar' and 4.8 lånebibliotek sportprylar; B 3.1.4 Mål 12 (hållbar konsumtion) mentions Fritidsbanken and återbruk."),
 ('A3.4', 'B3.4', 'partial', "B 3.4.2: 'informera, uppmuntra och stödja hållbara insatser i dialog med innevånare' – engaging others."),
]
# One pair per A section for an optimal one-to-one assignment (the strongest partner).
ONE_TO_ONE = [('A1', 'B3.2'), ('A1.1', 'B5'), ('A2', 'B3.3'), ('A3.1', 'B3.5'), ('A3.2', 'B3.1'),
              ('A3.3', 'B3.7'), ('A3.4', 'B3.4')]
# Fine-grained pairs: an action of A and the B section (any level) that treats the same thing.
FINE = [
 ('1.4', 'B3.5', 'strong', "Eco-driving: SOC indicator 'Andel medarbetare som framför fordon i tjänsten med utbildning i Eco- Driving' (also B 3.1.4: 'De har också mål om eco-driving')."),
 ('1.4', 'B3.1.4', 'partial', "'De har också mål om eco-driving.'"),
 ('2.2', 'B3.4.2', 'strong', "Replace fossil heating in municipal buildings / 'Antal fastigheter som värms upp av fossila energikällor'."),
 ('2.3', 'B3.5', 'strong', "Renewable fuel for vehicles / SERN 'Mängd utbytt fossilt drivmedel mot HVO'."),
 ('3.2', 'B3.7.6', 'strong', "Policy for resor och transporter / Riktlinjer för tjänsteresor."),
 ('4.5', 'B3.7.3', 'strong', "Återbruk of furniture in the municipal organisation."),
 ('4.6', 'B3.7.5', 'strong', "Purchasing guidance for circular materials / sustainability requirements in procurement incl. återbruk."),
 ('4.8', 'B3.1.4', 'strong', "Lending library for sports gear / Fritidsbanken lends leisure equipment."),
 ('4.10', 'B3.7.3', 'partial', "Återbruksgalleria / new återvinningscentral as a meeting place with focus on återbruk."),
 ('1.1', 'B3.4.2', 'partial', "Insulation, windows / reduce energy use in municipal buildings."),
 ('3.1', 'B3.2', 'partial', "Walking and cycling / 'Byter ut bilresor mot resor med cykel/el-cykel' (under Begränsad klimatpåverkan)."),
]
A_LACKS = [
 ('klimatanpassning (översvämning, skyfall, ras, skred, kostnader och ansvar)', ['B4.1']),
 ('vatten och avlopp (VA-planering, dricksvatten)', ['B3.7.2', 'B3.1.1']),
 ('hav, sjöar och marina resurser', ['B3.1.6']),
 ('måltider och matsvinn', ['B3.7.4', 'B3.5']),
 ('giftfri miljö och kemikalier (internkontroll giftfri förskola)', ['B3.6']),
 ('omvärldsbevakning: andra kommuners och SKR:s arbete', ['B4.2', 'B4.1.3']),
 ('indikatorer med uppmätta värden och målvärden per år', ['B3.4', 'B3.5']),
]
B_LACKS = [
 ('solenergi (solcellsparker, tak för solceller)', ['1.5', '2.1']),
 ('cykelinfrastruktur, bil- och elcykelpool, lånecyklar, samordnad varudistribution', ['3.1', '3.3', '3.4', '3.5']),
 ('vattenbesparande åtgärder i fastigheter (snålspolande munstycken)', ['1.3']),
 ('kampanjer, föreläsningar och klimatavtryck för personal och invånare', ['4.1', '4.2', '4.3', '4.4']),
 ('en tidsatt åtgärdsplan med ansvarig per förvaltning och bolag', ['A3']),
]
NOTES = ("The two documents are organised differently: Olofström (A) is an action plan organised by topic area (energy use, renewable energy, "
 "transport, engaging others) with 25 dated actions; Söderköping (B) is an inventory of existing goals organised by their source (global, "
 "national, regional, municipal) plus an outlook and a proposal. Topic pairs are therefore many-to-many: PAIRS lists every level-1/2 pair "
 "judged to treat the same topic ('strong' = the same subject with shared content, 'partial' = one sub-part of a section matches); "
 "ONE_TO_ONE is the best single partner for each A section that has one (for scoring an optimal assignment, any PAIRS entry is a "
 "defensible answer). Borderline: A2 'Aktiviteterna i Handlingsplanen' ↔ B3.3 (structure of the plan vs the regional strategy it follows); "
 "A1.1 'Arbetsgrupp' ↔ B5 (A describes an existing group, B proposes one); A3.4 'Engagera flera' ↔ B3.4 (only one sentence of B3.4 is "
 "about engaging inhabitants). The level of 'Arbetsgrupp' is uncertain: it is a small italic heading on p2 after 'Bakgrund', read here as "
 "a sub-section of Bakgrund. A3 'Åtgärdsplan' has no own text beyond its four goal areas and is left unpaired. A's title 'Handlingsplan för "
 "klimat och energi' (p1, bold) is the document title, not a section. B's third-level headings are printed in capitals in the body and in "
 "mixed case in the table of contents (pp. 2-3). B sections with no partner in A: B2, B2.1, B2.2 (the assignment), B3.6, B4, B4.1, B4.2.")

def norm(s): return re.sub(r'\s+', ' ', s).strip()

def main():
    bad = 0
    for file, heads in ((A, A_HEADINGS), (B, B_HEADINGS + [(i, 3, h, p, None) for i, h, p in B_LEVEL3])):
        for hid, lvl, text, page, parent in heads:
            t = norm(subprocess.run(['pdftotext', '-layout', '-f', str(page), '-l', str(page), str(REAL / file), '-'],
                                    capture_output=True, text=True).stdout)
            if norm(text) not in t and norm(text).split(' ', 1)[-1] not in t:
                print('heading not on page', hid, text, page); bad += 1
    ids = {h[0] for h in A_HEADINGS} | {h[0] for h in B_HEADINGS} | {i for i, _, _ in B_LEVEL3} | {'A3'}
    for a, b, *_ in PAIRS:
        assert a in ids and b in ids, (a, b)
    out = {
     'a': {'file': A, 'municipality': 'Olofström', 'headings': [dict(id=i, level=l, text=t, page=p, parent=pa) for i, l, t, p, pa in A_HEADINGS],
           'actions_level3': [{'nr': k, 'title': v} for k, v in A_ACTIONS.items()],
           'actions_note': 'only the actions used in fine_pairs / lacks; all 25 are in tables.json (ol_atgarder)'},
     'b': {'file': B, 'municipality': 'Söderköping', 'headings': [dict(id=i, level=l, text=t, page=p, parent=pa) for i, l, t, p, pa in B_HEADINGS],
           'headings_level3': [dict(id=i, text=t, page=p) for i, t, p in B_LEVEL3]},
     'pairs': [dict(a=a, b=b, strength=s, why=w) for a, b, s, w in PAIRS],
     'one_to_one': [dict(a=a, b=b) for a, b in ONE_TO_ONE],
     'fine_pairs': [dict(a_action=a, b=b, strength=s, why=w) for a, b, s, w in FINE],
     'a_lacks': [dict(topic=t, found_in_b=s) for t, s in A_LACKS],
     'b_lacks': [dict(topic=t, found_in_a=s) for t, s in B_LACKS],
     'notes': NOTES,
    }
    Path(__file__).resolve().parent.parent.joinpath('topic_pairs.json').write_text(json.dumps(out, ensure_ascii=False, indent=1) + '\n')
    print(f'{len(A_HEADINGS)} A headings, {len(B_HEADINGS)} B headings (+{len(B_LEVEL3)} level 3), {len(PAIRS)} pairs, {len(FINE)} fine pairs, {bad} problems')
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main())
