"""Build tests/labels/tables.json from tables read off the page images.

Cells were typed from the page images (pdftoppm -r 70, zoomed crops at -r 110/120 where
digits were small) with the text of `pdftotext -layout` as a copy source. This script checks
that every cell's text occurs on its page (whitespace collapsed) and writes the JSON.
It never runs the project's parser.  Run: python3 tests/labels/src/build_tables.py
"""
import json, re, subprocess, sys
from pathlib import Path

REAL = Path('/work/shared/real')
IS = 'goteborg_intraservice_delarsrapport_2026-03.pdf'
A22 = 'goteborg_stadsrevisionen_arsredogorelse_2022.pdf'
A23 = 'goteborg_stadsrevisionen_arsredogorelse_2023.pdf'
OL = 'olofstrom_handlingsplan-klimat-energi_2023.pdf'
NUM = re.compile(r'^-?\d[\d ]*(,\d+)?( ?%)?$')

def T(id, file, pages, caption, unit, ruled, header, rows, unit_source=None, total_rows=None,
      figure_rows=None, notes=None, row_label_col=0):
    """figure cells: every cell that is a number (or '-' placeholder excluded) outside the label column,
    restricted to figure_rows if given."""
    figs = []
    for r, row in enumerate(rows):
        figs.append([c != row_label_col and bool(NUM.match(cell)) and (figure_rows is None or r in figure_rows)
                     for c, cell in enumerate(row)])
    d = {'id': id, 'file': file, 'pages': pages, 'caption': caption, 'unit': unit,
         'unit_source': unit_source, 'ruled': ruled, 'header': header, 'rows': rows,
         'row_count_total': total_rows if total_rows is not None else len(rows),
         'rows_complete': total_rows is None or total_rows == len(rows),
         'figure': figs}
    if notes: d['notes'] = notes
    return d

TABLES = [
 T('is_volym', IS, [4], 'Volym-, intäkts- och kostnadsutveckling', '%', True,
   [['Mått', 'Utfall perioden jämfört med samma period föregående år', 'Prognos helår jämfört med helår föregående år']],
   [['Intäkter, inkl kommunbidrag', '7,8 %', '6,0 %'],
    ['Personalkostnader', '7,6 %', '6,0 %'],
    ['Konsultkostnader', '15,5 %', '17,8 %'],
    ['IT-tjänster, IT-program, licenser och hyra leasing IT-utrustning', '-2,7 %', '9,9 %'],
    ['Övriga kostnader', '10,6 %', '-13,6 %']],
   unit_source='cells (each value printed with %)',
   notes='Under heading "2.1.1 Mått/nyckeltal som beskriver verksamhetens utveckling". Grid lines between all rows and columns.'),
 T('is_effektmatt', IS, [5], 'Effektmått och övriga mått/nyckeltal', None, True,
   [['Mått/nyckeltal', 'Utfall perioden 2026', 'Prognos helår 2026', 'Utfall helår 2025', 'Utfall helår 2024']],
   [['Antal incidenter lösta inom Service Level Agreement snitt', '87,5%', '85 %', '87 %', '85 %'],
    ['Antal Major Incidents', '7', '-', '55', '34']],
   unit_source='none for the table; row 1 cells carry %, row 2 is a count',
   notes="'-' in row 2 is 'no value', not a figure. Units differ per row (percent, count)."),
 T('is_resultat_sammandrag', IS, [11], 'Resultatredovisning i sammandrag', 'mnkr', True,
   [['Belopp i mnkr', 'Period', 'Period', 'Period', 'Period', 'Helår', 'Helår', 'Helår', 'Helår'],
    ['', 'Utfall', 'Budget', 'Avvikelse', 'Utfall fg år', 'Prognos', 'Fg prognos', 'Budget', 'Bokslut fg år']],
   [['Intäkter', '373,6', '375,7', '-2,1', '346,2', '1 513,3', '1 506,8', '1 506,8', '1 413,5'],
    ['Kostnader', '-360,5', '-382,1', '21,6', '-347,1', '-1 550,7', '-1 549,1', '-1 549,1', '-1 444,8'],
    ['Kommunbidrag', '9,4', '9,4', '0', '9,5', '37,4', '42,3', '42,3', '38,2'],
    ['Kommuninterna bidrag', '0', '0', '0', '0', '0', '0', '0', '0'],
    ['Resultat', '22,5', '3,0', '19,5', '8,6', '0', '0', '0', '6,9']],
   unit_source="top-left header cell 'Belopp i mnkr'",
   notes="Two header rows: 'Period' spans columns 1-4 and 'Helår' columns 5-8 (repeated here per column). "
         "Header 'Avvikelse' is printed hyphen-less across two lines as 'Avvik' / 'else'. Row 'Resultat' is bold (a total). "
         "Heading above: '2.3.1 Resultatredovisning i sammandrag nämnder'; a footnote in italics below the table."),
 T('is_resultat_period', IS, [14], 'Resultatuppföljning tjänster och förändringsinsatser period', None, True,
   [['Tjänster', 'Utfall intäkter period', 'Utfall kostnader period', 'Resultat period', 'Budget kostnader period', 'Budgetavvikelse']],
   [['Gemensamma tjänster', '', '', '', '', ''],
    ['- Ekonomi', '20,5', '-13,7', '6,8', '-20,7', '7,0'],
    ['- HR', '35,8', '-34,3', '1,5', '-36,2', '1,9'],
    ['- Kommunikation, ledning och styrning', '24,5', '-22,1', '2,4', '-24,6', '2,5'],
    ['Digital infrastruktur', '210,1', '-194,4', '15,7', '-205,5', '11,1'],
    ['Total förvaltning', '290,9', '-264,5', '26,4', '-287,0', '22,5'],
    ['Förändringsinitiativ', '9,1', '-7,6', '1,5', '-9,5', '2,4'],
    ['Total förvaltning och förändringsinitiativ', '300,0', '-272,1', '27,9', '-296,5', '24,9'],
    ['E-tjänstekort', '2,6', '-2,9', '-0,3', '-2,7', '-0,2'],
    ['Bastjänster, inköp och upphandling (INK)', '2,7', '-2,5', '0,2', '-2,7', '0,2'],
    ['Digital infrastruktur, Demokrati- och Medborgarservice (DM)', '7,7', '-7,5', '0,2', '-7,8', '0,3'],
    ['Tilläggstjänster', '7,6', '-6,9', '0,7', '-12,0', '5,1'],
    ['Direktförsäljning och övrigt', '61,8', '-69,8', '-8,0', '-65,3', '-5,0'],
    ['Kommunbidrag', '10,6', '-8,8', '1,8', '-9,6', '0,8'],
    ['', '', '', '', '', ''],
    ['Totalt', '393,0', '-370,5', '22,5', '-396,6', '26,1']], unit_source='not printed on the table (the section reports mnkr elsewhere, e.g. table 2.3.1); unit null',
   notes="All 16 rows, including one empty row printed before the total row 'Totalt' (15 rows with content). 'Gemensamma tjänster' is a group row "
         "with empty cells; '- Ekonomi', '- HR', '- Kommunikation…' (italics) are its members. Bold: Total förvaltning, Total förvaltning och "
         "förändringsinitiativ, Totalt. Header 'Budgetavvikelse' printed as 'Budgetav' / 'vikelse'."),
 T('is_resultat_helar', IS, [16], 'Resultatuppföljning och förändringsinsatser helår', None, True,
   [['Tjänster', 'Prognos intäkter helår', 'Prognos kostnader helår', 'Prognos resultat helår', 'Budget kostnader helår', 'Prognosavvikelse mot budget helår']],
   [['Gemensamma tjänster', '', '', '', '', ''],
    ['- Ekonomi', '82,2', '-69,5', '12,7', '-82,5', '13,0'],
    ['- HR', '143,3', '-145,4', '-2,1', '-143,8', '-1,6'],
    ['- Kommunikation, ledning och styrning', '100,4', '-98,1', '2,3', '-98,6', '0,5'],
    ['Digital infrastruktur', '840,9', '-848,5', '-7,6', '-848,7', '0,2'],
    ['Total förvaltning', '1 166,8', '-1 161,5', '5,3', '-1 173,6', '12,1'],
    ['Förändringsinitiativ', '36,5', '-38,0', '-1,5', '-38,1', '0,1'],
    ['Total förvaltning och förändringsinitiativ', '1 203,3', '-1 199,5', '3,8', '-1 211,7', '12,2'],
    ['E-tjänstekort', '10,6', '-12,8', '-2,2', '-10,7', '-2,1'],
    ['Bastjänster, inköp och upphandling (INK)', '10,6', '-10,5', '0,1', '-10,6', '0,1'],
    ['Digital infrastruktur, Demokrati- och Medborgarservice (DM)', '30,9', '-30,3', '0,6', '-30,9', '0,6'],
    ['Tilläggstjänster', '30,7', '-37,4', '-6,7', '-36,5', '-0,9'],
    ['Direktförsäljning och övrigt', '310,1', '-305,7', '4,4', '-295,8', '-9,9'],
    ['Kommunbidrag', '42,3', '-42,3', '0', '-42,3', '0'],
    ['Överförd verksamhet till SLK - kommunbidrag', '-4,8', '4,8', '0', '4,8', '0'],
    ['Totalt', '-1 633,7', '-1 633,7', '0', '-1 633,7', '0']], unit_source='not printed on the table; unit null',
   notes="All 16 rows (bold: Total förvaltning, Total förvaltning och förändringsinitiativ, Totalt; member rows '- Ekonomi', '- HR', "
         "'- Kommunikation, ledning och styrning' in italics under the group row 'Gemensamma tjänster', whose cells are empty). "
         "Same row labels as is_resultat_period (p14) plus 'Överförd verksamhet till SLK - kommunbidrag'. Header 'Prognosavvikelse' printed 'Prognos-' / 'avvikelse'."),
 T('is_personalvolym', IS, [19], '3.1.1.1 Personalvolymsutveckling', None, True,
   [['Yrkesgrupp (AID)', 'Ack åa helår 2024', 'Ack åa helår 2025', 'Förändring åa 2024/2025', 'Prognos helår 2026', 'Orsak till förändring']],
   [['Administratör', '74,3', '79,9', '5,6', 'Oförändrat',
     'Förändring 2024/25 beror på att budgetläget var ansträngt och det uppmanades att vara restriktiva med rekryteringar under 2024. Under 2025 ökade antalet medarbetare och vakanser tillsattes. Under 2026 ser vi inte att behovet kommer att öka inom administration nämnvärt.'],
    ['Handläggare', '420,3', '443,7', '23,4', 'Ökning med ca 20–30 medarbetare',
     'Förändring 2024/25 beror på att budgetläget var ansträngt och det uppmanades att vara restriktiva med rekryteringar under 2024. Under 2025 ökade antalet medarbetare och vakanser tillsattes. Under 2026 förväntas att öka antalet medarbetare ytterligare pga ökade krav och tillkommande arbetsuppgifter.'],
    ['Ledningsarbete', '57,4', '59,8', '2,4', 'Ev ökning',
     'Inför 2026 kan antalet chefer öka något då det arbetas för en god och hållbar arbetsmiljö för chefer.']],
   unit_source="header: 'åa' = årsarbetare (full-time equivalents); no printed unit line",
   notes="Caption is the heading above the table. Numbers are left-aligned in their cells. 'medarbetare' is printed broken over two lines "
         "('medarbetar' / 'e') without a hyphen; joined here. Text cells hold years (2024, 2025, 2026, 2024/25) that are not figures."),
 T('a22_utfall', A22, [43], 'Utfall per 2022-12-31', 'tkr', True,
   [['tkr', 'Utfall 2022', 'Budget 2022', 'Utfall 2021']],
   [['Förtroendevalda revisorer', '-2 563', '-2 970', '-2 600'],
    ['Sakkunnigt biträde', '-33 409', '-33 428', '-31 996'],
    ['Övriga kostnader*', '-8 177', '-7 565', '-6 123'],
    ['Summa kostnader', '-44 150', '-43 962', '-40 719'],
    ['Intäkter', '5 214', '5 110', '5 158'],
    ['Kommunbidrag', '38 352', '38 352', '36 300'],
    ['Summa intäkter', '43 566', '43 462', '41 458'],
    ['Periodens resultat', '-584', '-500', '739'],
    ['Eget kapital', '3 366', '3 950', '4 439']],
   unit_source="top-left header cell 'tkr'",
   notes="Under heading '3 Analys av årets ekonomiska utfall'; footnote '*utbildning, lokaler med mera'. The 2023 edition's table "
         "(a23_utfall) has the same rows; its 'Utfall 2022' column should pair with this table's 'Utfall 2022' column."),
 T('a22_antal_anstallda', A22, [45], '5.1 Antal anställda', None, True,
   [['Antal', '2022', '2021', '2020']],
   [['Tillsvidareanställda på heltid', '33', '29', '33'],
    ['Tillsvidareanställda på deltid', '0', '0', '0'],
    ['Tidsbegränsat anställda/vikarier', '1', '1', '1'],
    ['Timavlönade', '1', '1', '1'],
    ['Totalt antal anställda', '34', '31', '35']],
   unit_source="header cell 'Antal' (a count, no unit)",
   notes="Caption is the numbered heading above the table. Last row bold (total)."),
 T('a22_lonekostnad', A22, [46], '5.2 Lönekostnads- och personalvolymsutveckling', 'tkr', True,
   [['Belopp i tkr', '2022', '2021', '2020']],
   [['Lönekostnad exkl. arvoden', '19 649', '18 988', '17 515'],
    ['Arbetad tid (årsarbetare)', '35,1', '32,7', '33,6'],
    ['Lönekostnad per årsarbetare', '560', '581', '521']],
   unit_source="top-left header cell 'Belopp i tkr'",
   notes="The table unit tkr does NOT apply to row 2, whose unit is årsarbetare (given in the row label)."),
 T('a23_utfall', A23, [37], 'Tabell 1Utfall per 2023-12-31', 'tkr', True,
   [['tkr', 'Utfall 2023', 'Budget 2023', 'Utfall 2022']],
   [['Förtroendevalda revisorer', '-2 841', '-2 910', '-2 563'],
    ['Sakkunnigt biträde', '-34 012', '-35 334', '-33 409'],
    ['Övriga kostnader*', '-7 638', '-7 73', '-8 178'],
    ['Summa kostnader', '-44 491', '-45 982', '-44 150'],
    ['Intäkter', '5 305', '5 306', '5 214'],
    ['Kommunbidrag', '39 926', '39 926', '38 352'],
    ['Summa intäkter', '45 231', '45 232', '43 566'],
    ['Periodens resultat', '740', '-750', '-584'],
    ['Eget kapital', '4 105', '2 615', '3 366']],
   unit_source="top-left header cell 'tkr'",
   notes="Caption printed in italics as 'Tabell 1Utfall per 2023-12-31' (no space after '1'). Budget 2023 'Övriga kostnader*' is printed "
         "'-7 73' (a typo in the source; kept as printed). Its 'Utfall 2022' column repeats the 2022 edition's figures except "
         "'Övriga kostnader*' -8 178 here vs -8 177 in a22_utfall. Footnote '*driftskostnader, lokalkostnader, utbildning med mera.'"),
]

def norm(s): return re.sub(r'\s+', ' ', s)

def page_text(file, p):
    out = ''
    for mode in ([], ['-layout']):
        out += norm(subprocess.run(['pdftotext', *mode, '-f', str(p), '-l', str(p), str(REAL / file), '-'],
                                   capture_output=True, text=True).stdout) + ' '
    return out

# --- Olofström: one small borderless table per action, same header each time ---
def olofstrom():
    pages = subprocess.run(['pdftotext', '-layout', str(REAL / OL), '-'], capture_output=True, text=True).stdout.split('\f')
    actions = []
    for i, pg in enumerate(pages, 1):
        for m in re.finditer(r'^ *([1-4]\.\d+) +(\S.*)$', pg, re.M):
            nr = m.group(1)
            if actions and actions[-1]['nr'] == nr:   # 1.5 printed twice (title, then description line)
                continue
            actions.append({'nr': nr, 'page': i})
    return pages, actions

OL_TITLES = {
 '1.1': 'Tilläggsisolera, byta fönster osv.', '1.2': 'Informera och inspirera (vädring, dusch osv.)',
 '1.3': 'Snålspolande munstycken m.m.', '1.4': 'Eco-driving', '1.5': 'Avsätta områden för solceller',
 '2.1': 'Ta fram en lista för lämpliga tak för solcellsetablering på kommunala fastigheter.',
 '2.2': 'Byta ut uppvärmning med olja eller direktverkande el till exempelvis fjärrvärme eller bergvärme.',
 '2.3': 'Förespråka förnybar energi för fordon.', '3.1': 'Gång- & Cykelvägar',
 '3.2': 'Revidera och förnya kommunens policy för resor och transporter.',
 '3.3': 'Utred möjligheterna för en bil- och elcykelpool av de kommunala tjänstefordonen som står stilla på kvällar och helger. Utred även möjligheten för ett lånecykelsystem liknande ”styr & ställ”.',
 '3.4': '”lånecyklar” pendelprojekt', '3.5': 'Samordna beställningar för mindre transporter',
 '3.6': 'Införa en ”grön-portal” på kommunens hemsida',
 '3.7': 'Informera och inspirera om användning av cykel istället för bil korta sträckor.',
 '4.1': 'Kampanj för goda exempel att resa.', '4.2': 'Informera och inspirera',
 '4.3': 'Föreläsningar, Beteendeförändringar m.m.', '4.4': 'Informera om hur man kan kartlägga sitt egna klimatavtryck',
 '4.5': 'Utreda vad som kan göras för att återbruket av kommunkoncernens möbler inom kommunkoncernen ska bli enklare.',
 '4.6': 'Ta fram en inköpsvägledning för att underlätta för personal hur cirkulära material kan väljas framför linjära. Denna åtgärden är också en del av handlingsplanen för giftfria verksamheter.',
 '4.7': 'Ta fram ett informationsmaterial och vägledning om att kommunstyrelsen 2008 tog beslut om att flaskvatten endast i undantagsfall vid specifika tillfällen får användas till de kommunala verksamheterna och i övrigt serveras endast kranvatten till de kommunala verksamheterna.',
 '4.8': 'Lånebibliotek sportprylar', '4.9': 'Återbrukets öppettider kan de öppnas upp något',
 '4.10': 'Återbruksgalleria i Olofström',
}

def main():
    bad = 0
    for t in TABLES:
        txt = ' '.join(page_text(t['file'], p) for p in t['pages'])
        for row in t['rows'] + t['header']:
            for cell in row:
                if cell and norm(cell) not in txt and t['id'] != 'is_personalvolym' and not cell.startswith(('Avvikelse', 'Budgetavvikelse')):
                    # header cells printed over several lines are checked word by word
                    if not all(w in txt for w in cell.split()):
                        print(t['id'], 'cell not on page:', cell); bad += 1
    pages, actions = olofstrom()
    assert [a['nr'] for a in actions] == list(OL_TITLES), [a['nr'] for a in actions]
    header_copies = sum(p.count('Förvaltning/Bolag') for p in pages)
    header_pages = [i for i, p in enumerate(pages, 1) if 'Förvaltning/Bolag' in p]
    ol = {
      'id': 'ol_atgarder', 'file': OL, 'pages': list(range(2, 14)), 'caption': 'Åtgärdsplan', 'unit': None,
      'unit_source': None, 'ruled': False,
      'header': [['Förvaltning/Bolag', 'Ansvarig', 'Tidsplan']],
      'rows': [['Kommunledningsförv', 'Teknisk chef', '31 maj 2026'],
               ['Kultur- och fritidsförv.', 'Genom KLF', '31 maj 2026'],
               ['Miljöförbundet', '', ''],
               ['Olofströms Hus AB', 'Fastighetschef', '31 maj 2026'],
               ['Olofströms Kraft AB', '', '']],
      'rows_are': 'the first 5 rows of the responsibility table under action 1.1 (p2)',
      'row_count_total': 10 * len(actions), 'rows_complete': False,
      'rows_per_action': 10,
      'row_labels_each_action': ['Kommunledningsförv', 'Kultur- och fritidsförv.', 'Miljöförbundet', 'Olofströms Hus AB',
                                 'Olofströms Kraft AB', 'Räddningstjänsten', 'SBVT AB', 'Socialförvaltningen',
                                 'Utbildningsförvaltningen', 'VMAB'],
      'actions': [{'nr': a['nr'], 'title': OL_TITLES[a['nr']], 'page': a['page']} for a in actions],
      'action_count': len(actions),
      'header_copies': header_copies, 'header_pages': header_pages,
      'figure': [[False] * 3 for _ in range(5)],
      'notes': ("Borderless (no ruling lines), bold header row. The plan's 'action table' is printed as one small 3-column table per "
                "action (25 actions: 1.1-1.5, 2.1-2.3, 3.1-3.7, 4.1-4.10), each under its numbered action title and description, "
                "each with the same header row 'Förvaltning/Bolag | Ansvarig | Tidsplan' and the same 10 organisations as row labels; "
                "so the header is printed 25 times (0-3 times per page, pages 2-13), not once per page. Read as one logical table "
                "(action, organisation, ansvarig, tidsplan) it has 250 rows. Many rows have empty Ansvarig/Tidsplan cells. "
                "Tidsplan cells are dates ('31 maj 2026', '31 dec 2024', '30 juni 2023'), never figures: the table has no figure cells. "
                "Action 1.5's title is printed at the foot of p3 and its description ('1.5 Kartera och identifiera områden…', with its table) at the top "
                "of p4, repeating the number. Action 4.7's title wraps over five lines and contains a year (2008) that is not a figure. The four goal areas are '1. Minskad energianvändning', "
                "'2. Förnybar energi', '3. Transporter', '4. Engagera flera'."),
    }
    out = {'format': 'see tests/labels/README.md', 'tables': TABLES + [ol]}
    Path(__file__).resolve().parent.parent.joinpath('tables.json').write_text(json.dumps(out, ensure_ascii=False, indent=1) + '\n')
    print(f'{len(out["tables"])} tables, header copies in Olofström: {header_copies} on pages {header_pages}, {bad} problems')
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main())
