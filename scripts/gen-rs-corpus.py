# Writes a synthetic RSシステム corpus of the published size (about 6,000
# projects, 130,000 rows in 3-1 and 31,000 in 3-2, year columns 2007-2060)
# in the documented layout, to measure `logicmodel import --from rs-system`.
# Usage: python3 scripts/gen-rs-corpus.py OUT_DIR [PROJECTS]
import csv, os, random, sys
out = sys.argv[1]
projects = int(sys.argv[2]) if len(sys.argv) > 2 else 6000
os.makedirs(out, exist_ok=True)
random.seed(2025)
keys = ["シート種別","事業年度","予算事業ID","事業名","府省庁の建制順","政策所管府省庁","府省庁","局・庁","部","課","室","班","係"]
years = list(range(2007, 2061))
h1 = keys + ["アクティビティ・アウトプット・アウトカムの番号","種別（アクティビティ・アウトプット・アウトカム）","アウトカムの期間","成果目標の種類","アクティビティ／活動目標／成果目標","活動指標／成果指標","単位","改善の上向き／下向き","成果実績及び目標値の根拠として用いた統計・データ名（出典）","定性的な成果目標","目標年度／目標値／実績値／達成率"] + [str(y) for y in years]
h2 = keys + ["派生元ーアクティビティ・アウトプット・アウトカムの番号","派生元ー種別（アクティビティ・アウトプット・アウトカム）","派生元ーアウトカムの期間","派生元ーアクティビティの内容/ 活動目標／成果目標","派生元ー活動指標／成果指標","派生先ーアクティビティ・アウトプット・アウトカムの番号","派生先ー種別（アクティビティ・アウトプット・アウトカム）","派生先ーアウトカムの期間","派生先ー 活動目標／成果目標","派生先ー活動指標／成果指標","後続アウトカムへのつながり","アウトカムを複数段階で設定できない理由"]
terms = ["1.短期", "短期アウトカム", "中期", "2.中期", "長期", "3.長期"]
n1 = n2 = 0
with open(os.path.join(out, "3-1.csv"), "w", newline="", encoding="utf-8") as f1, \
     open(os.path.join(out, "3-2.csv"), "w", newline="", encoding="utf-8") as f2:
    w1, w2 = csv.writer(f1), csv.writer(f2)
    w1.writerow(h1); w2.writerow(h2)
    for p in range(projects):
        pid = f"2025-{p:05d}"
        keyrow = ["効果発現経路", "2025", pid, f"事業{p}の推進", str(p % 40), "某省", "某省", "某局", "", "某課", "", "", ""]
        boxes = [("1","アクティビティ",""),("2","アクティビティ",""),("1","アウトプット",""),("2","アウトプット",""),
                 ("1","アウトカム",terms[p % 2]),("2","アウトカム",terms[2 + p % 2]),("3","アウトカム",terms[4 + p % 2])]
        for i, (num, kind, term) in enumerate(boxes):
            text = f"{kind}{num}の内容（事業{p}）"
            if i in (3, 6):
                w1.writerow(keyrow + [num, kind, term, "定性的", text, "", "", "", "", "質的な目標", ""] + [""] * len(years)); n1 += 1
                continue
            ind = f"指標{i}"
            base = [num, kind, term, "定量的", text, ind, "件", "上向き", "統計", "", ]
            start = random.randint(2015, 2022)
            for rk in ["1.目標年度", "2.目標値", "3.実績値", "4.達成率"]:
                vals = [""] * len(years)
                for y in range(start, 2026):
                    j = y - 2007
                    if rk == "1.目標年度": vals[j] = str(y + 2)
                    elif rk == "2.目標値": vals[j] = random.choice([str(random.randint(10, 9999)), "120万人", "現状維持", "-"]) if y == 2025 else str(random.randint(10, 9999))
                    elif rk == "3.実績値": vals[j] = random.choice([str(random.randint(0, 9999)), "-"])
                    else: vals[j] = f"{random.randint(10, 120)}%"
                w1.writerow(keyrow + base + [rk] + vals); n1 += 1
        chain = [(0, 2), (1, 3), (2, 4), (3, 4), (4, 5), (5, 6)]
        if p % 7 == 0: chain = chain[:4]
        for a, b in chain:
            (fn, fk, ft), (tn, tk, tt) = boxes[a], boxes[b]
            w2.writerow(keyrow + [fn, fk, ft, f"{fk}{fn}の内容（事業{p}）", "", tn, tk, tt, f"{tk}{tn}の内容（事業{p}）", "", "つながりの説明" if b == 6 else "", ""]); n2 += 1
print(f"{projects} projects, {n1} rows in 3-1, {n2} rows in 3-2", file=sys.stderr)
