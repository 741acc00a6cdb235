# Writes docs/checks.md: one section per code with a bad and a fixed example,
# each example verified by running the CLI (so the doc cannot drift).
import json, subprocess, sys, os, tempfile
BIN = sys.argv[1]
H = '"format": 1, "title": "t"'
def m(body): return "{" + H + ", " + body + "}"
CH = '''{"id": "ac", "kind": "activity", "label": "Train staff", "to": ["ou"]},
    {"id": "ou", "kind": "output", "label": "Staff trained", "to": ["im"]},
    {"id": "im", "kind": "impact", "label": "Better service"}'''
def nodes(extra): return m('"nodes": [\n    ' + extra + '\n  ]')
cases = [
("invalid-json", '{"format": 1, "title": "t",}', m('"nodes": []'),
 "The file is not UTF-8, or not JSON (RFC 8259: no comments, no trailing commas). Nothing else is checked."),
("invalid-model", m('"nodes": [{"id": "a", "kind": "actvity", "label": "x"}]'), nodes(CH),
 "A value has the wrong type, a required field is missing, an enum value is unknown, the `format` version is not 1, a key appears twice in one object, `term` is set on a non-outcome, or a target is listed twice in one `to`."),
("unknown-field", m('"nodes": [], "work_item": []'), m('"nodes": [], "work_items": []'),
 "An object has a key format v1 does not define. The help names the closest known key. (Free-form data goes in `meta`.)"),
("invalid-id", nodes('{"id": "オンライン申請", "kind": "activity", "label": "x", "to": ["im"]},\n    {"id": "im", "kind": "impact", "label": "y"}'),
  nodes('{"id": "a-online", "kind": "activity", "label": "オンライン申請", "to": ["im"]},\n    {"id": "im", "kind": "impact", "label": "y"}'),
 "Ids are ASCII slugs: letters, digits, `_`, `.`, `-`. Put the text in `label`."),
("duplicate-id", nodes('{"id": "a", "kind": "activity", "label": "x", "to": ["a"]},\n    {"id": "a", "kind": "impact", "label": "y"}'),
  nodes('{"id": "a", "kind": "activity", "label": "x", "to": ["i"]},\n    {"id": "i", "kind": "impact", "label": "y"}'),
 "Two nodes (or two work items, KPIs, sections) share an id. The second is left out of the model."),
("dangling-reference", nodes('{"id": "a", "kind": "activity", "label": "x", "to": ["impct"]},\n    {"id": "impact", "kind": "impact", "label": "y"}'),
  nodes('{"id": "a", "kind": "activity", "label": "x", "to": ["impact"]},\n    {"id": "impact", "kind": "impact", "label": "y"}'),
 "An edge, a `work_items`/`kpis` entry or a `section` names an id that does not exist. The reference is left out (the model still renders without it)."),
("unknown-check", m('"checks": {"dead-ends": "allow"}, "nodes": []'), m('"checks": {"dead-end": "allow"}, "nodes": []'),
 "`checks` names a code that does not exist, or a load error whose level cannot change."),
("backward-edge", nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["im"]},\n    {"id": "im", "kind": "impact", "label": "y", "to": ["ac"]}'), nodes(CH),
 "An edge goes to an earlier column, stays in a column (other than outcome → outcome), or leads an outcome to an earlier term. Chains read left to right."),
("cycle", nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["s"]},\n    {"id": "s", "kind": "outcome", "label": "s", "to": ["s2", "im"]},\n    {"id": "s2", "kind": "outcome", "label": "s2", "to": ["s"]},\n    {"id": "im", "kind": "impact", "label": "y"}'),
  nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["s"]},\n    {"id": "s", "kind": "outcome", "label": "s", "to": ["s2", "im"]},\n    {"id": "s2", "kind": "outcome", "term": "long", "label": "s2", "to": ["im"]},\n    {"id": "im", "kind": "impact", "label": "y"}'),
 "The edges form a loop (a self-loop included). The message spells one loop out. Outcomes of the same term may lead to each other, so a loop among them is possible and is reported here."),
("activity-without-impact", nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["ou"]},\n    {"id": "ou", "kind": "output", "label": "y"},\n    {"id": "ac2", "kind": "activity", "label": "x", "to": ["im"]},\n    {"id": "im", "kind": "impact", "label": "z"}'),
  nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["ou"]},\n    {"id": "ou", "kind": "output", "label": "y", "to": ["im"]},\n    {"id": "ac2", "kind": "activity", "label": "x", "to": ["im"]},\n    {"id": "im", "kind": "impact", "label": "z"}'),
 "No path leads from the activity to any impact: the work is not connected to what the programme is for."),
("impact-without-activity", nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["im"]},\n    {"id": "oc", "kind": "outcome", "label": "y", "to": ["im2"]},\n    {"id": "im", "kind": "impact", "label": "z"},\n    {"id": "im2", "kind": "impact", "label": "w"}'),
  nodes('{"id": "ac", "kind": "activity", "label": "x", "to": ["im", "oc"]},\n    {"id": "oc", "kind": "outcome", "label": "y", "to": ["im2"]},\n    {"id": "im", "kind": "impact", "label": "z"},\n    {"id": "im2", "kind": "impact", "label": "w"}'),
 "No activity reaches the impact: nothing the programme does is meant to bring it about."),
("dead-end", nodes(CH + ',\n    {"id": "o2", "kind": "output", "label": "Leaflet printed"},\n    {"id": "a2", "kind": "activity", "label": "Print", "to": ["o2", "im"]}'),
  nodes(CH + ',\n    {"id": "o2", "kind": "output", "label": "Leaflet printed", "to": ["im"]},\n    {"id": "a2", "kind": "activity", "label": "Print", "to": ["o2", "im"]}'),
 "A node other than an impact has no outgoing edge: the chain stops there. (An activity with no outgoing edge is reported as `activity-without-impact` instead; a node with no edge at all as `isolated-node`.)"),
("unreached-node", nodes(CH + ',\n    {"id": "oc", "kind": "outcome", "label": "Trust grows", "to": ["im"]}'),
  nodes(CH.replace('"to": ["im"]', '"to": ["oc"]') + ',\n    {"id": "oc", "kind": "outcome", "label": "Trust grows", "to": ["im"]}'),
 "No activity reaches this output or outcome: something is expected to happen that nothing the programme does causes."),
("unused-input", nodes('{"id": "in", "kind": "input", "label": "Volunteers", "to": ["ou"]},\n    ' + CH),
  nodes('{"id": "in", "kind": "input", "label": "Volunteers", "to": ["ac"]},\n    ' + CH),
 "An input leads to no activity directly: the resource is not used by any work."),
("unlinked-assumption", nodes('{"id": "as", "kind": "assumption", "label": "Residents lack time"},\n    ' + CH),
  nodes('{"id": "as", "kind": "assumption", "label": "Residents lack time", "to": ["ac"]},\n    ' + CH),
 "An assumption is linked to nothing."),
("isolated-node", nodes(CH + ',\n    {"id": "ou2", "kind": "output", "label": "Report"}'),
  nodes(CH + ',\n    {"id": "ou2", "kind": "output", "label": "Report", "to": ["im"]}'),
 "A node (other than an assumption) has no edge in or out."),
("activity-without-work-item", m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "work_items": ["w"]') + ',\n    {"id": "a2", "kind": "activity", "label": "Coach", "to": ["im"]}],\n  "work_items": [{"id": "w", "title": "Training"}]'),
  m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "work_items": ["w"]') + ',\n    {"id": "a2", "kind": "activity", "label": "Coach", "to": ["im"], "work_items": ["w"]}],\n  "work_items": [{"id": "w", "title": "Training"}]'),
 "No work item carries out the activity. Not reported when the model records no work items at all (a pure logic model)."),
("work-item-without-kpi", m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "work_items": ["w", "w2"]') + '],\n  "work_items": [{"id": "w", "title": "Training", "kpis": ["k"]}, {"id": "w2", "title": "Coaching"}],\n  "kpis": [{"id": "k", "indicator": "Staff trained", "unit": "%", "target": {"year": 2026, "value": 80}}]'),
  m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "work_items": ["w", "w2"]') + '],\n  "work_items": [{"id": "w", "title": "Training", "kpis": ["k"]}, {"id": "w2", "title": "Coaching", "kpis": ["k"]}],\n  "kpis": [{"id": "k", "indicator": "Staff trained", "unit": "%", "target": {"year": 2026, "value": 80}}]'),
 "No KPI measures the work item. Not reported when the model records no KPIs at all."),
("kpi-target-undecided", m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Satisfaction", "unit": "%", "target": null, "target_note": "未決定"}]'),
  m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Satisfaction", "unit": "%", "target": {"year": 2026, "value": 80}}]'),
 "The KPI has no target (`null` or absent). True of many real plans; a model that knowingly has undecided targets can set `\"checks\": {\"kpi-target-undecided\": \"allow\"}`."),
("kpi-baseline-after-target", m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Wait (min)", "unit": "min", "baseline": {"year": 2027, "value": 30}, "target": {"year": 2026, "value": 15}}]'),
  m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Wait (min)", "unit": "min", "baseline": {"year": 2023, "value": 30}, "target": {"year": 2026, "value": 15}}]'),
 "The baseline year is after the target year; usually the two years are swapped."),
("kpi-target-outside-period", m('"period": {"start": 2022, "end": 2026}, "nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Users", "unit": "people", "target": {"year": 2030, "value": 500}}]'),
  m('"period": {"start": 2022, "end": 2026}, "nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Users", "unit": "people", "target": {"year": 2026, "value": 500}}]'),
 "The target year lies outside the plan `period`. Not checked when the model has no period."),
("unused-work-item", m('"nodes": [' + CH + '],\n  "work_items": [{"id": "w", "title": "Training"}]'),
  m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "work_items": ["w"]') + '],\n  "work_items": [{"id": "w", "title": "Training"}]'),
 "No node lists the work item in its `work_items`."),
("unused-kpi", m('"nodes": [' + CH + '],\n  "kpis": [{"id": "k", "indicator": "Users", "unit": "people", "target": {"year": 2026, "value": 500}}]'),
  m('"nodes": [' + CH.replace('"label": "Train staff"', '"label": "Train staff", "kpis": ["k"]') + '],\n  "kpis": [{"id": "k", "indicator": "Users", "unit": "people", "target": {"year": 2026, "value": 500}}]'),
 "No node or work item refers to the KPI."),
]
def run(text, code=None):
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
        f.write(text); name = f.name
    out = subprocess.run([BIN, 'check', '--format', 'json', name], capture_output=True, text=True)
    os.unlink(name)
    return json.loads(out.stdout)['diagnostics']
def pretty(t):
    try: return json.dumps(json.loads(t), ensure_ascii=False, indent=2)
    except Exception: return t
codes_meta = json.loads(subprocess.run([BIN, 'schema'], capture_output=True, text=True).stdout)
out = []
out.append("# Checks\n")
out.append("Every diagnostic has a stable code. A code never changes meaning once released.\n")
out.append("*Load errors* mean the file cannot be read as a model as written; their level cannot be changed. *Lints* are checks of the chains and records; their level can be set per model in `checks` or on the command line (`--allow CODE`, `--deny CODE`, `--deny warnings`).\n")
out.append("Each section shows a bad model, what `logicmodel check` says about it, and a fixed model. The examples are verified: `docs/checks.md` is regenerated by `scripts/gen-checks-doc.py`, which runs the CLI on each of them.\n")
out.append("""## Cause first

Diagnostics come in two groups, each in file order: first the problems of reading the file (their cause is in the text), then the checks of the chains and records. When reading had to leave out a link (a `to` that is not a list, a link to a node that does not exist, a node with an unknown `kind`), the checks that would only repeat that error box by box are folded into it, as a `note` that counts them: for the node that lost the link and every node upstream of it, the findings that there is no path onward (`activity-without-impact`, `dead-end`, `unused-input`, `isolated-node`, `unlinked-assumption`); and, when the lost links' targets are unknown, the findings that nothing reaches a node (`impact-without-activity`, `unreached-node`). A link to a node left out because of its own error is named in that node's error rather than reported again. Everything else is reported; the folded checks run again once the error is fixed.

The help suggests what was most likely meant: the closest id or key, `"kind": "outcome", "term": "short"` for a kind written as `outcome_short`, `short-term outcome` or `長期アウトカム`, and the section's id when its label was written in `section`.

## Models with a missing column

A model whose source simply has no column is not broken:

- **No activity column** (a model that goes input → output → impact): chains start at the inputs (or, with no inputs either, at the earliest column after the assumptions). `impact-without-activity` then means "no chain reaches this impact"; `activity-without-impact`, `unused-input` and `unreached-node` do not apply.
- **No input column** or **no assumption column**: nothing is reported for the missing column; activities are the start of the chains.
- **No impact column** (a model that stops at outcomes): chains end at the last column present, so `activity-without-impact` means "this activity does not reach the last column".
- **No work items** at all: `activity-without-work-item` is not reported. **No KPIs** at all: `work-item-without-kpi` is not reported. **No period**: `kpi-target-outside-period` is not reported.
""")
out.append("## Summary\n\n| code | default | kind | meaning |\n|---|---|---|---|")
rows=[]
for code, bad, good, text in cases:
    rows.append(code)
lint = {"invalid-json","invalid-model","unknown-field","invalid-id","duplicate-id","dangling-reference","unknown-check"}
for code, bad, good, text in cases:
    d = run(bad)
    sev = next((x['severity'] for x in d if x['code']==code), None)
    if sev is None:
        print("NOT PRODUCED", code, d, file=sys.stderr); sys.exit(1)
    g = run(good)
    if any(x['code']==code for x in g) or any(x['severity']=='error' for x in g):
        print("FIX STILL BAD", code, g, file=sys.stderr); sys.exit(1)
    out.append(f"| [`{code}`](#{code}) | {sev} | {'load error' if code in lint else 'lint'} | {text.split('. ')[0].rstrip('.')} |")
out.append("")
for code, bad, good, text in cases:
    d = [x for x in run(bad) if x['code']==code][0]
    out.append(f"### `{code}`\n\n{text}\n\nBad:\n\n```json\n{pretty(bad)}\n```\n")
    out.append(f"`logicmodel check` reports:\n\n```text\n{d['severity']}[{code}]: {d['message']}\n --> model.json:{d['line']}:{d['column']}\n```\n")
    if 'help' in d: out[-1] = out[-1].replace("\n```\n", f"\nhelp: {d['help']}\n```\n", 1) if False else out[-1][:-5] + f"help: {d['help']}\n```\n"
    out.append(f"Fixed:\n\n```json\n{pretty(good)}\n```\n")
open('docs/checks.md','w').write("\n".join(out))
print("ok", len(cases))
