#!/usr/bin/env python3
"""Checks labelled.jsonl against catalog.csv and the labelling rules in README.md.

Usage: python3 validate.py [--review] [--markdown]
  --review    also list every non-null slot whose text is far from its catalog title (for eyeballing)
  --markdown  print the counts as Markdown tables (used for README.md)
Exits 1 when an error is found.
"""
import csv, collections, difflib, json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
STYLES = ['numbered-list', 'bulleted-explained', 'comma-one-liner', 'json', 'typos', 'missing-years',
          'articles-accents', 'hallucinated', 'out-of-candidates', 'seen', 'duplicates', 'choice-letter',
          'candidate-index', 'nir-pairs', 'abstained', 'truncated', 'reasoning-then-list', 'chit-chat']
FORMATS = {'list', 'json', 'choice', 'pairs'}
STATUSES = {'OK', 'WRONG_LENGTH', 'ABSTAINED', 'UNPARSEABLE'}
OUTCOMES = ['HIT', 'VALID', 'OUT_OF_CANDIDATES', 'SEEN', 'DUPLICATE', 'HALLUCINATED']
errors, warnings = [], []

def err(cid, msg):
    errors.append('%s: %s' % (cid, msg))

def warn(cid, msg):
    warnings.append('%s: %s' % (cid, msg))

# ---- catalog ----
catalog = {}
with open(os.path.join(HERE, 'catalog.csv'), encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
if rows[0] != ['movieId', 'title', 'genres']:
    err('catalog', 'bad header %r' % rows[0])
for n, row in enumerate(rows[1:], start=1):
    if len(row) != 3:
        err('catalog', 'line %d has %d fields' % (n + 1, len(row)))
        continue
    mid, title, genres = row
    if int(mid) != n:
        err('catalog', 'ids must be 1..N in order, got %s at line %d' % (mid, n + 1))
    if not re.search(r' \(\d{4}\)$', title):
        err('catalog', 'no trailing year: %s' % title)
    if re.match(r'(The|A|An) ', title) and not title.startswith('A bout'):
        warn('catalog', 'leading article not moved: %s' % title)
    catalog[int(mid)] = (title, int(title[-5:-1]), genres)

def fold(s):
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower().replace('&', ' and ')
    s = re.sub(r"['\u2019]", '', s)
    return re.sub(r'[^a-z0-9]+', ' ', s).strip()

def names(title):
    """Every name a catalog title carries: main title and parenthesised alternatives, articles restored."""
    t = re.sub(r'\s*\(\d{4}\)$', '', title)
    alts = re.findall(r'\s\(([^()]*)\)', t)
    main = re.sub(r'\s\([^()]*\)', '', t)
    out = []
    for n in [main] + [re.sub(r'^(?:a\.k\.a\.|aka)\s+', '', a) for a in alts]:
        m = re.match(r'^(.*?), (The|A|An|Le|La|Les|Il|El|Der|Die|Das|Det)$', n)
        if m:
            n = m.group(2) + ' ' + m.group(1)
        out.append(fold(n))
    return out

BASE = collections.defaultdict(list)
ALLNAMES = set()
for i, (t, y, g) in catalog.items():
    BASE[names(t)[0]].append(i)
    ALLNAMES.update(names(t))

def same_title(i):
    return BASE[names(catalog[i][0])[0]]

def strip_year(text):
    return re.sub(r'\s*\(\d{4}\)\s*$', '', text).strip()

# ---- cases ----
cases = []
with open(os.path.join(HERE, 'labelled.jsonl'), encoding='utf-8') as f:
    for n, line in enumerate(f, start=1):
        try:
            cases.append(json.loads(line))
        except ValueError as e:
            err('line %d' % n, 'does not parse: %s' % e)

seen_ids = set()
ambiguous = 0
review = []
for c in cases:
    cid = c.get('id', '?')
    for key in ('id', 'style', 'format', 'history', 'relevant', 'k', 'response', 'expected'):
        if key not in c:
            err(cid, 'missing field ' + key)
    if cid in seen_ids:
        err(cid, 'duplicate id')
    seen_ids.add(cid)
    if c['style'] not in STYLES:
        err(cid, 'unknown style ' + c['style'])
    if c['format'] not in FORMATS:
        err(cid, 'unknown format ' + c['format'])
    hist, cands, rel = c['history'], c.get('candidates') or [], c['relevant']
    for i in hist + cands + rel:
        if i not in catalog:
            err(cid, 'id %s not in catalog' % i)
    if len(set(cands)) != len(cands):
        err(cid, 'repeated candidate')
    if set(rel) & set(hist):
        err(cid, 'relevant item in history')
    if cands and not set(rel) <= set(cands):
        err(cid, 'candidate set lacks the relevant item')
    if set(cands) & set(hist):
        warn(cid, 'candidates overlap history')
    if c['format'] == 'choice':
        if c['k'] != 1 or not 2 <= len(cands) <= 26:
            err(cid, 'choice needs k=1 and 2..26 candidates')
    elif not isinstance(c['k'], int) or c['k'] < 1:
        err(cid, 'bad k')
    exp = c['expected']
    status, slots = exp['status'], exp['slots']
    if status not in STATUSES:
        err(cid, 'bad status ' + status)
    # outcomes by the rules
    earlier = set()
    for s in slots:
        item = s['item']
        if item is not None and item not in catalog:
            err(cid, 'slot item %s not in catalog' % item)
        if item is None:
            want = 'HALLUCINATED'
        elif item in earlier:
            want = 'DUPLICATE'
        elif item in hist:
            want = 'SEEN'
        elif item in rel:
            want = 'HIT'
        elif cands and item not in cands:
            want = 'OUT_OF_CANDIDATES'
        else:
            want = 'VALID'
        if item is not None:
            earlier.add(item)
        if s['outcome'] != want:
            err(cid, 'slot %r: outcome %s, rules say %s' % (s['text'], s['outcome'], want))
    if status in ('ABSTAINED', 'UNPARSEABLE'):
        if slots:
            err(cid, status + ' with slots')
    else:
        want = 'OK' if len(slots) == c['k'] else 'WRONG_LENGTH'
        if status != want:
            err(cid, 'status %s, %d slots for k=%d says %s' % (status, len(slots), c['k'], want))
        if not slots:
            err(cid, 'OK/WRONG_LENGTH without slots')
    # slot texts occur in the response, in order
    resp, pos = c['response'], 0
    spans = []
    for s in slots:
        at = resp.find(s['text'], pos)
        if at < 0:
            err(cid, 'slot text %r not found (in order) in the response' % s['text'])
            spans.append(None)
            continue
        spans.append((at, at + len(s['text'])))
        pos = at + len(s['text'])
    for s, span in zip(slots, spans):
        item, text = s['item'], s['text']
        if span is None:
            continue
        line_start = resp.rfind('\n', 0, span[0]) + 1
        line_end = resp.find('\n', span[1])
        line_end = len(resp) if line_end < 0 else line_end
        after = resp[span[1]:min(line_end, span[1] + 40)]
        # choice letters
        letter = re.fullmatch(r'[A-Za-z]', text)
        if c['format'] == 'choice' and letter:
            idx = ord(text.upper()) - 65
            if idx >= len(cands) or cands[idx] != item:
                err(cid, 'letter %s does not point at item %s' % (text, item))
            continue
        if item is None:
            if fold(strip_year(text)) in ALLNAMES:
                err(cid, 'hallucinated slot %r equals a catalog title' % text)
            continue
        title, year, _ = catalog[item]
        # years
        m = re.search(r'\((\d{4})\)?\s*$', text) or re.match(r'[\s*_"\')]*\((\d{4})\)', after) \
            or re.search(r'"year"\s*:\s*"?(\d{4})', after)
        given = int(m.group(1)) if m else None
        if given is not None and abs(given - year) > 1:
            err(cid, 'slot %r gives year %d, item %s is %d' % (text, given, item, year))
        elif given is not None and given != year:
            warn(cid, 'slot %r gives year %d, item %s is %d (off by one, intended?)' % (text, given, item, year))
        # same title, several years
        group = same_title(item)
        if len(group) > 1:
            offered = [i for i in group if i in cands]
            if s.get('ambiguous'):
                ambiguous += 1
                if given is not None or len(offered) == 1 or item != min(group):
                    err(cid, 'slot %r marked ambiguous but year/candidates decide it, or item is not the lower id' % text)
            elif given != year and offered != [item]:
                err(cid, 'slot %r: %s shares its title with %s and neither the year nor the candidates decide it'
                    % (text, item, [i for i in group if i != item]))
        elif s.get('ambiguous'):
            err(cid, 'slot %r marked ambiguous but its title is unique' % text)
        # candidate indices written next to the title
        if c['style'] == 'candidate-index':
            before = resp[line_start:span[0]]
            nums = re.findall(r'\d+', before)
            if not nums or not cands or int(nums[-1]) - 1 >= len(cands) or cands[int(nums[-1]) - 1] != item:
                err(cid, 'index before %r does not point at item %s' % (text, item))
        # pairs: the slot is the second title of its line
        if c['format'] == 'pairs' and not re.search(r'(-|->|:)\s*$', resp[line_start:span[0]]):
            err(cid, 'pair slot %r is not after a separator' % text)
        # similarity, for review
        best = max(difflib.SequenceMatcher(None, t, n).ratio()
                   for t in names(strip_year(text) + ' (0000)') for n in names(title))
        if best < 0.85:
            review.append((best, cid, text, title))

if ambiguous > 5:
    err('all', '%d ambiguous slots, at most 5 allowed' % ambiguous)

# ---- report ----
by_style = collections.Counter(c['style'] for c in cases)
by_format = collections.Counter(c['format'] for c in cases)
by_status = collections.Counter(c['expected']['status'] for c in cases)
by_outcome = collections.Counter(s['outcome'] for c in cases for s in c['expected']['slots'])
by_k = collections.Counter((c['format'], c['k']) for c in cases)
with_cands = sum(1 for c in cases if c.get('candidates'))
nslots = sum(by_outcome.values())

if '--markdown' in sys.argv:
    print('| style | lines |\n| --- | ---: |')
    for s in STYLES:
        print('| %s | %d |' % (s, by_style[s]))
    print('| **total** | **%d** |' % len(cases))
    print()
    print('| format | lines |\n| --- | ---: |')
    for f_ in sorted(by_format):
        print('| %s | %d |' % (f_, by_format[f_]))
    print()
    print('| status | lines |\n| --- | ---: |')
    for s in ['OK', 'WRONG_LENGTH', 'ABSTAINED', 'UNPARSEABLE']:
        print('| %s | %d |' % (s, by_status[s]))
    print()
    print('| slot outcome | slots |\n| --- | ---: |')
    for o in OUTCOMES:
        print('| %s | %d |' % (o, by_outcome[o]))
    print('| **total** | **%d** (%d marked ambiguous) |' % (nslots, ambiguous))
    print()
    print('Lines with a candidate set: %d; without: %d. k: %s.' % (
        with_cands, len(cases) - with_cands,
        ', '.join('%s k=%d: %d' % (f_, k, n) for (f_, k), n in sorted(by_k.items()))))
else:
    print('%d lines, %d catalog items, %d slots (%d ambiguous)' % (len(cases), len(catalog), nslots, ambiguous))
    print('styles:', dict(by_style))
    print('formats:', dict(by_format))
    print('statuses:', dict(by_status))
    print('outcomes:', dict(by_outcome))
if '--review' in sys.argv:
    for best, cid, text, title in sorted(review):
        print('review %.2f %s: %r -> %s' % (best, cid, text, title))
for w in warnings:
    print('warning', w)
for e in errors:
    print('ERROR', e)
sys.exit(1 if errors else 0)
