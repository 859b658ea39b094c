#!/usr/bin/env python3
"""Recompute a report from `xunfang list KIND --csv` files, independently
of the C code, and compare it with `xunfang report NAME --csv`.

usage: report_check.py DIR REPORT FROM TO DAYS [VILLAGE]
DIR holds KIND.csv for every kind and REPORT.csv; FROM and TO are the
dates given to the report (TO inclusive); DAYS is the overdue limit.
Exits 0 when every figure agrees, 1 with the differences otherwise."""
import csv
import datetime as dt
import math
import sys
import time

DIR, REPORT, FROM, TO, DAYS = sys.argv[1:6]
DAYS = int(DAYS)
VILLAGE = sys.argv[6] if len(sys.argv) > 6 else None
DAY = 86400


def rows(name):
    with open(f"{DIR}/{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def ts(text):
    """Local "YYYY-MM-DD HH:MM" to Unix seconds."""
    return int(time.mktime(time.strptime(text, "%Y-%m-%d %H:%M")))


def midnight(date, add=0):
    d = dt.date.fromisoformat(date) + dt.timedelta(days=add)
    return int(time.mktime(d.timetuple()))


def items(value):
    return [i.split("|") for i in value.split("; ")] if value else []


T_FROM, T_TO = midnight(FROM), midnight(TO, 1)
ASOF = T_TO
village = {r["name"]: r for r in rows("village")}
places = {r["name"]: r for r in rows("place")}
grids = {r["name"]: r for r in rows("grid")}
checkpoints = rows("checkpoint")
cp_by_name = {c["name"]: c for c in checkpoints}
groups = rows("household_group")
patrols = rows("patrol")
visits = rows("visit")
disputes = rows("dispute")
plans = rows("plan")
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def planned_visits():
    """Passages the plans ask for per checkpoint name, FROM to TO."""
    out = {}
    first = dt.date.fromisoformat(FROM)
    ndays = (dt.date.fromisoformat(TO) - first).days + 1
    for p in plans:
        days = {d[0] for d in items(p["days"])}
        runs = sum(1 for i in range(ndays) if not days or
                   WEEKDAYS[(first + dt.timedelta(days=i)).weekday()] in days)
        for it in items(p["points"]):
            out[it[0]] = out.get(it[0], 0) + runs
    return out


def in_village(name):
    return VILLAGE is None or name == VILLAGE


def observations(filtered=True):
    for p in patrols:
        if filtered and not in_village(p["village"]):
            continue
        for it in items(p["observations"]):
            yield p, ts(it[0]), it[1], it[3] if len(it) > 3 else ""


def fmt(v, decimals=0):
    return f"{v:.{decimals}f}"


def heatmap():
    n = {}
    for _, t, typ, _ in observations():
        if T_FROM <= t < T_TO:
            lt = time.localtime(t)
            key = (lt.tm_wday, lt.tm_hour, typ)
            n[key] = n.get(key, 0) + 1
    out = []
    for wd in range(7):
        for h in range(24):
            out.append([str(wd + 1), str(h)] + [str(n.get((wd, h, k), 0))
                       for k in ("incident", "suspicious", "note")])
    return out


def hotspots():
    prev = T_FROM - (T_TO - T_FROM)
    pc, gc = {}, {}
    for _, t, typ, place in observations(False):
        if typ == "note" or place not in places:
            continue
        pl = places[place]
        if not in_village(pl["village"]):
            continue
        if T_FROM <= t < T_TO:
            col = 0 if typ == "incident" else 1
        elif prev <= t < T_FROM and typ == "incident":
            col = 2
        else:
            continue
        for d, key in ((pc, place), (gc, pl["grid"])):
            if key:
                d.setdefault(key, [0, 0, 0])[col] += 1
    out = []
    for kind, d, reg in (("place", pc, places), ("grid", gc, grids)):
        for name, c in sorted(d.items(), key=lambda kv: (-kv[1][0],
                                                         -kv[1][1], kv[0])):
            out.append([kind, name, reg[name]["village"], str(c[0]),
                        str(c[1]), str(c[2]), str(c[0] - c[2])])
    return out


# Proof of presence, as geo.h describes the checks: a tick is out of
# radius farther from its checkpoint than the radius (50 m when not set)
# and the fix's accuracy; impossible speed from the tick before (in time)
# above the patrol type's limit, the accuracies of both taken off the
# distance (a tick without a fix is at its checkpoint, if that has a
# position); bunched when one of 3 ticks in a row within 120 s; old when
# its fix is; clock skew when the tick's time less the fix's age is more
# than 120 s off the fix's GPS time. Times in `list --csv` are to the
# minute: the tests tick on whole minutes.
EARTH = 6371008.8
SPEED = {"bicycle": 12, "vehicle": 40, "checkpoint": 40}
F_RADIUS, F_SPEED, F_BUNCHED, F_OLD, F_CLOCK = 1, 2, 4, 8, 16


def micro(text):
    """Decimal degrees to microdegrees, as the C code keeps them."""
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("+-").partition(".")
    v = int(whole or "0") * 1000000 + int((frac + "000000")[:6])
    return -v if neg else v


def haversine(a, b):
    d = math.pi / 180e6
    p1, p2 = a[0] * d, b[0] * d
    dp, dl = (b[0] - a[0]) * d, (b[1] - a[1]) * d
    h = math.sin(dp / 2) ** 2 + \
        math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH * math.asin(math.sqrt(min(h, 1)))


def cp_place(name):
    """A checkpoint's position and radius, or None."""
    c = cp_by_name.get(name)
    if c is None or not c.get("lat") or not c.get("lon"):
        return None
    r = int(c["radius"]) if c.get("radius") else 50
    return (micro(c["lat"]), micro(c["lon"])), r if r > 0 else 50


def presence(p):
    """The ticks of a patrol: (checkpoint, time, scanned, fixed,
    distance or None, flags, plaque flag)."""
    ticks = []
    for it in items(p["points"]):
        it = it + [""] * (10 - len(it))
        state = it[4]
        fix = None
        if state in ("fix", "old") and it[5] and it[6]:
            fix = ((micro(it[5]), micro(it[6])), int(it[7] or 0))
        elif state in ("fix", "old"):
            state = "nofix"
        cp = cp_place(it[0])
        flags = F_OLD if state == "old" else 0
        if fix and it[8]:
            skew = ts(it[1]) - int(it[9] or 0) - ts(it[8])
            if abs(skew) > 120:
                flags |= F_CLOCK
        dist = None
        if cp and fix:
            dist = haversine(fix[0], cp[0])
            if dist > cp[1] + fix[1]:
                flags |= F_RADIUS
        at = fix if fix else (cp[0], 0) if cp else None
        ticks.append({"cp": it[0], "t": ts(it[1]), "scan": it[2] == "scan",
                      "fixed": fix is not None, "dist": dist,
                      "flags": flags, "plaque": it[3], "at": at})
    order = sorted(ticks, key=lambda k: k["t"])
    vmax = SPEED.get(p["type"], 4)
    for a, b in zip(order, order[1:]):
        if a["at"] is None or b["at"] is None:
            continue
        d = haversine(a["at"][0], b["at"][0]) - a["at"][1] - b["at"][1]
        if max(d, 0) / max(b["t"] - a["t"], 1) > vmax:
            b["flags"] |= F_SPEED
    for i in range(len(order) - 2):
        if order[i + 2]["t"] - order[i]["t"] <= 120:
            for k in order[i:i + 3]:
                k["flags"] |= F_BUNCHED
    for k in ticks:
        k["flagged"] = bool(k["flags"] or k["plaque"])
    return ticks


def monday(t):
    d = dt.date.fromtimestamp(t)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def share(n, of):
    return fmt(100 * n / of, 1) if of else ""


def presence_report():
    """Per village, team (the plan's team, else none) and week of the
    patrol's start: patrols, ticks, shares scanned, with a fix and in
    radius, flagged ticks and patrols."""
    team_of = {p["name"]: p["team"] for p in plans}
    rows_ = {}
    for p, _ in patrols_in():
        team = team_of.get(p["plan"], "") if p["plan"] else ""
        key = (p["village"], team, monday(ts(p["start"])))
        n = rows_.setdefault(key, [0] * 8)
        ticks = presence(p)
        n[0] += 1
        n[1] += len(ticks)
        n[2] += sum(k["scan"] for k in ticks)
        n[3] += sum(k["fixed"] for k in ticks)
        n[4] += sum(k["dist"] is not None for k in ticks)
        n[5] += sum(k["dist"] is not None and not k["flags"] & F_RADIUS
                    for k in ticks)
        f = sum(k["flagged"] for k in ticks)
        n[6] += f
        n[7] += f > 0
    out = []
    for key in sorted(rows_, key=lambda k: tuple(v.encode() for v in k)):
        n = rows_[key]
        out.append(list(key) + [str(n[0]), str(n[1]), share(n[2], n[1]),
                                share(n[3], n[1]), share(n[5], n[4]),
                                str(n[6]), str(n[7])])
    return out


def coverage():
    last, checks, flagged = {}, {}, {}
    for p in patrols:
        for k in presence(p):
            t = k["t"]
            if t >= ASOF:
                continue
            last[k["cp"]] = max(last.get(k["cp"], 0), t)
            if T_FROM <= t < T_TO:
                checks[k["cp"]] = checks.get(k["cp"], 0) + 1
                flagged[k["cp"]] = flagged.get(k["cp"], 0) + k["flagged"]
    weeks = round((T_TO - T_FROM) / DAY) / 7
    planned = planned_visits()
    out = []
    for c in sorted((c for c in checkpoints if in_village(c["village"])),
                    key=lambda c: (last.get(c["name"], 0), c["name"])):
        lt = last.get(c["name"], 0)
        since = (ASOF - lt) // DAY if lt else None
        n = checks.get(c["name"], 0)
        out.append([c["name"], c["type"], c["village"],
                    time.strftime("%Y-%m-%d %H:%M", time.localtime(lt))
                    if lt else "", str(since) if lt else "", str(n),
                    fmt(n / weeks, 1),
                    "yes" if since is None or since >= DAYS else "no",
                    str(planned.get(c["name"], 0)),
                    str(flagged.get(c["name"], 0))])
    return out


def patrols_in():
    for p in patrols:
        s = ts(p["start"])
        if T_FROM <= s < T_TO and in_village(p["village"]):
            e = ts(p["end"]) if p["end"] else 0
            yield p, (e - s) / 3600 if e > s else 0.0


def ranked(section, d, extra=None):
    out = []
    for name, (n, h) in sorted(d.items(), key=lambda kv: (-kv[1][0], kv[0])):
        out.append([section, name] + ([extra[name]] if extra else []) +
                   [str(n), fmt(h, 1)])
    return out


def patrols_report():
    by = ({}, {}, {})
    for p, h in patrols_in():
        team = p["team"].split("; ") if p["team"] else [""]
        for d, key in zip(by, (p["village"], team[0], p["type"])):
            c = d.setdefault(key, [0, 0.0])
            c[0] += 1
            c[1] += h
    return sum((ranked(s, d) for s, d in zip(("village", "lead", "type"),
                                             by)), [])


def open_status(d):
    return d["status"] in ("reported", "mediating")


def disputes_report():
    colours = ["red", "orange", "yellow", "green"]
    statuses = ["reported", "mediating", "resolved", "failed", "handed_over",
                "closed"]
    s = [d for d in disputes if T_FROM <= ts(d["reported"]) < T_TO and
         in_village(d["village"])]
    out = [["colour", c, str(sum(d["colour"] == c for d in s))]
           for c in colours]
    out += [["status", st, str(sum(d["status"] == st for d in s))]
            for st in statuses]
    out += [["colour_status", f"{c}/{st}", str(sum(
        d["colour"] == c and d["status"] == st for d in s))]
        for c in colours for st in statuses]
    overdue = []
    for d in disputes:
        rep = ts(d["reported"])
        if rep >= T_TO or not open_status(d) or not in_village(d["village"]):
            continue
        last = max([rep] + [ts(i[0]) for i in items(d["sessions"])])
        idle = (ASOF - last) // DAY
        if idle >= DAYS:
            overdue.append((d["title"], idle))
    overdue.sort(key=lambda o: (-o[1], o[0]))
    out += [["overdue", t, str(i)] for t, i in overdue]
    limits = {"red": (1, 7), "orange": (3, 15), "yellow": (7, 30),
              "green": (15, 60)}
    past = []
    for d in disputes:
        rep = ts(d["reported"])
        if rep >= T_TO or not open_status(d) or not in_village(d["village"]):
            continue
        first, resolve = limits[d["colour"]]
        age = ASOF - rep
        mediated = any(len(i) < 4 or i[3] in ("", "mediation")
                       for i in items(d["sessions"]))
        if age > resolve * DAY:
            past.append(("past_resolve", d["title"],
                         max(1, (age - resolve * DAY) // DAY)))
        elif not mediated and age > first * DAY:
            past.append(("past_first", d["title"],
                         max(1, (age - first * DAY) // DAY)))
    for sec in ("past_first", "past_resolve"):
        rows_ = sorted((p for p in past if p[0] == sec),
                       key=lambda o: (-o[2], o[1]))
        out += [[sec, t, str(i)] for _, t, i in rows_]
    days = sorted((max(ts(i[0]) for i in items(d["sessions"])) -
                   ts(d["reported"])) / DAY for d in s
                  if d["status"] in ("resolved", "closed") and d["sessions"])
    n = len(days)
    med = (days[n // 2] if n % 2 else (days[n // 2 - 1] + days[n // 2]) / 2
           if n else None)
    out += [["summary", "total", str(len(s))],
            ["summary", "open", str(sum(open_status(d) for d in s))],
            ["summary", "overdue", str(len(overdue))],
            ["summary", "past_limit", str(len(past))],
            ["summary", "resolution_rate", fmt(sum(
                d["status"] in ("resolved", "closed") for d in s) / len(s)
                if s else 0,
                3)],
            ["summary", "median_days", fmt(med, 1) if n else ""]]
    return out


def volunteers():
    group_of = {}
    for g in groups:
        names = [g["head"]] if g["head"] else []
        names += g["households"].split("; ") if g["households"] else []
        for n in names:
            group_of.setdefault(n, g["name"])
    vol, grp = {}, {g["name"]: [0, 0.0] for g in groups}
    for p, h in patrols_in():
        seen = set()
        for m in p["team"].split("; ") if p["team"] else []:
            if m not in group_of:
                continue
            c = vol.setdefault(m, [0, 0.0])
            c[0] += 1
            c[1] += h
            if group_of[m] not in seen:
                seen.add(group_of[m])
                grp[group_of[m]][0] += 1
                grp[group_of[m]][1] += h
    gv = {g["name"]: g["village"] for g in groups}
    grp = {k: v for k, v in grp.items() if in_village(gv[k])}
    return (ranked("volunteer", vol, group_of) +
            ranked("group", grp, gv))


def trend():
    starts = [T_FROM]
    while starts[-1] < T_TO:
        d = dt.date.fromtimestamp(starts[-1]) + dt.timedelta(days=7)
        starts.append(min(int(time.mktime(d.timetuple())), T_TO))
    n = [[0] * 5 for _ in starts[:-1]]

    def week(t):
        for i in range(len(starts) - 1):
            if starts[i] <= t < starts[i + 1]:
                return i
        return None
    for rs, field, col in ((patrols, "start", 0), (visits, "time", 1),
                           (disputes, "reported", 2)):
        for r in rs:
            w = week(ts(r[field])) if r[field] else None
            if w is not None and in_village(r["village"]):
                n[w][col] += 1
    for _, t, typ, _ in observations():
        w = week(t)
        if w is not None and typ != "note":
            n[w][3 if typ == "incident" else 4] += 1
    return [[time.strftime("%Y-%m-%d", time.localtime(s))] +
            [str(v) for v in c] for s, c in zip(starts, n)]


def focus():
    heat = {(int(r[0]) - 1, int(r[1])): (int(r[2]), int(r[3]))
            for r in heatmap()}
    first = (ASOF + 3599) // 3600 * 3600
    hours = []
    for k in range(24):
        t = first + k * 3600
        lt = time.localtime(t)
        inc, sus = heat[(lt.tm_wday, lt.tm_hour)]
        hours.append((3 * inc + sus, k, t, inc, sus))
    hours = sorted((h for h in hours if h[0] > 0),
                   key=lambda h: (-h[0], h[1]))[:3]
    out = [["hour", time.strftime("%Y-%m-%d %H:%M", time.localtime(h[2])),
            "", str(h[3]), str(h[4]), ""] for h in hours]
    hot = hotspots()
    counts = {"place": 0, "grid": 0}
    for r in hot:
        if int(r[3]) > 0 and counts[r[0]] < 3:
            counts[r[0]] += 1
            out.append([r[0], r[1], r[2], r[3], r[4], ""])
    for c in coverage():
        if c[7] == "yes":
            out.append(["checkpoint", c[0], c[2], "0", "0", c[4]])
    return out


HEADERS = {
    "heatmap": "weekday,hour,incidents,suspicious,notes",
    "hotspots": "kind,name,village,incidents,suspicious,previous,change",
    "coverage": "name,type,village,last_check,days_since,checks,per_week,"
                "overdue,planned,flagged",
    "patrols": "group,name,patrols,hours",
    "disputes": "section,name,value",
    "volunteers": "section,name,group,patrols,hours",
    "trend": "week,patrols,visits,disputes,incidents,suspicious",
    "focus": "what,name,village,incidents,suspicious,days",
    "plans": "plan,village,team,week,planned,on_time,late,missed,"
             "explained,on_time_share,reasons",
    "presence": "village,team,week,patrols,ticks,scanned_share,fix_share,"
                "radius_share,flagged_ticks,flagged_patrols",
}


def minute(text):
    """"HH:MM" into minutes after midnight, or -1."""
    try:
        h, m = text.split(":")
        if len(m) != 2 or not h or not 0 <= int(h) <= 23 or \
                not 0 <= int(m) <= 59:
            return -1
        return int(h) * 60 + int(m)
    except ValueError:
        return -1


def plans_report():
    """Per plan and week (its Monday): points planned on its days, ticked
    on time (by the expected time and the grace, 60 minutes when not set;
    a checkpoint passed twice takes its ticks of the day in order), late,
    missed (not ticked once the time and grace passed, or when the day's
    patrol ended), and late or missed ones that a miss record explains
    (one of the plan and date without a checkpoint, or of that
    checkpoint), by the reason given (the first in the kind's list when
    several records close a point)."""
    misses = rows("miss")
    reasons = ["incident", "weather", "short_staffed", "other"]
    first = dt.date.fromisoformat(FROM)
    ndays = (dt.date.fromisoformat(TO) - first).days + 1
    table = []
    for p in plans:
        if not in_village(p["village"]):
            continue
        grace = int(p["grace"]) if p["grace"] else 60
        days = {d[0] for d in items(p["days"])}
        pts = [(it[0], minute(it[1]) if len(it) > 1 and it[1] else -1)
               for it in items(p["points"])]
        weeks = {}
        for i in range(ndays):
            day = first + dt.timedelta(days=i)
            if days and WEEKDAYS[day.weekday()] not in days:
                continue
            week = (day - dt.timedelta(days=day.weekday())).isoformat()
            t0 = midnight(day.isoformat())
            t1 = midnight(day.isoformat(), 1)
            ps = [q for q in patrols if q["plan"] == p["name"] and
                  q["start"] and t0 <= ts(q["start"]) < t1]
            ended = any(q["end"] for q in ps)
            closes = [m for m in misses if m["plan"] == p["name"] and
                      m["date"] == day.isoformat()]
            for k, (cp, m) in enumerate(pts):
                n, why = weeks.setdefault(week, ([0] * 5, {}))
                due = t1 if m < 0 else t0 + (m + grace) * 60
                ticks = sorted(ts(it[1]) for q in ps
                               for it in items(q["points"]) if it[0] == cp)
                nth = sum(1 for c, _ in pts[:k] if c == cp)
                n[0] += 1
                if nth < len(ticks):
                    mark = 1 if ticks[nth] <= due else 2
                elif ended or ASOF >= due:
                    mark = 3
                else:
                    continue
                n[mark] += 1
                given = [c["reason"] for c in closes
                         if c["checkpoint"] in ("", cp)]
                if mark > 1 and given:
                    n[4] += 1
                    r = min(given, key=lambda g: reasons.index(g)
                            if g in reasons else 0)
                    why[r] = why.get(r, 0) + 1
        for week, (n, why) in weeks.items():
            decided = n[1] + n[2] + n[3]
            table.append([p["name"], p["village"], p["team"], week] +
                         [str(v) for v in n] +
                         [fmt(100 * n[1] / decided, 1) if decided else "",
                          " ".join(f"{r}:{why[r]}" for r in reasons
                                   if r in why)])
    return sorted(table, key=lambda r: (r[1].encode(), r[0].encode(), r[3]))


COMPUTE = {"heatmap": heatmap, "hotspots": hotspots, "coverage": coverage,
           "patrols": patrols_report, "disputes": disputes_report,
           "volunteers": volunteers, "trend": trend, "focus": focus,
           "plans": plans_report, "presence": presence_report}


def close(a, b):
    """Equal, or equal as numbers within rounding of one decimal."""
    if a == b:
        return True
    try:
        return abs(float(a) - float(b)) <= 0.051
    except ValueError:
        return False


def main():
    with open(f"{DIR}/{REPORT}.csv", encoding="utf-8", newline="") as f:
        got = list(csv.reader(f))
    want = COMPUTE[REPORT]()
    bad = []
    if ",".join(got[0]) != HEADERS[REPORT]:
        bad.append(f"header {got[0]}")
    got = got[1:]
    if len(got) != len(want):
        bad.append(f"{len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w) or not all(close(a, b) for a, b in zip(g, w)):
            bad.append(f"row {i + 1}: got {g}, expected {w}")
    if not want or all(v in ("", "0", "0.0", "0.000") for r in want
                       for v in r[2:]):
        bad.append("the expected report is empty: the test proves nothing")
    for b in bad[:10]:
        print(f"# {REPORT}: {b}")
    sys.exit(1 if bad else 0)


main()
