/// The dashboard: one HTML page, its script and its style, served by ``PensionServer`` itself (no CDN, no other
/// host). The page carries the progress at the time it was served (so it shows numbers without any request) and
/// the script refreshes it from `/api/progress` and `/api/dead-letters` every 5 seconds without a reload.
///
/// Stable hooks for tests: `#county-<measure>` (`data-value` holds the number), `tr[data-township=<code>]` with
/// `td[data-field=<measure>]`, `#ranking-chart [data-township]`, `#dead-letters tr[data-stage][data-reason]`,
/// `body[data-rendered]` once the script has drawn the page, `body[data-refreshes]` how many refreshes it has drawn.
enum Dashboard {
    static func page(initial json: String) -> String {
        let safe = json.replacingOccurrences(of: "</", with: "<\\/")
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>城乡居民基本养老保险 · enrolment drive</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/dashboard.css">
            </head>
            <body>
            <header>
              <h1><span id="county-name"></span> 城乡居民基本养老保险参保进度 <small>enrolment drive</small></h1>
              <p id="dates"></p>
            </header>
            <section id="totals">
              <h2>County totals</h2>
              <div id="county-cards" class="cards"></div>
              <h3>Against the targets and the county's reported figures</h3>
              <table id="county-targets"><thead><tr><th>measure</th><th>now</th><th>target</th><th>progress</th>
                <th>needed a day</th><th>reported (seed)</th></tr></thead><tbody></tbody></table>
            </section>
            <section id="township-section">
              <h2>Townships <button id="sort-progress" type="button">sort by progress</button>
                <button id="sort-code" type="button">sort by code</button></h2>
              <table id="townships"><thead><tr><th>rank</th><th>township</th><th>verified</th><th>target</th>
                <th>enrolment progress</th><th>60+ paid</th><th>certificates</th><th>held</th><th>dead letters</th><th></th>
              </tr></thead><tbody></tbody></table>
            </section>
            <section id="ranking-section">
              <h2>Ranking (通报)</h2>
              <svg id="ranking-chart" role="img" aria-label="townships by enrolment progress"></svg>
            </section>
            <section id="dead-letter-section">
              <h2>Dead letters by stage and reason</h2>
              <table id="dead-letters"><thead><tr><th>stage</th><th>reason</th><th>count</th></tr></thead><tbody></tbody></table>
            </section>
            <section id="panels"></section>
            <footer id="updated"></footer>
            <script type="application/json" id="initial-data">\(safe)</script>
            <script src="/dashboard.js"></script>
            </body>
            </html>
            """
    }

    static let style = """
        body { font-family: "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #222; background: #fafafa; }
        h1 small { font-size: 55%; color: #666; }
        section { margin-bottom: 2em; }
        .cards { display: flex; flex-wrap: wrap; gap: .6em; }
        .card { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: .5em .8em; min-width: 8em; }
        .card .label { font-size: 80%; color: #666; display: block; }
        .card .value { font-size: 150%; font-weight: bold; }
        table { border-collapse: collapse; background: #fff; }
        th, td { border-bottom: 1px solid #e4e4e4; padding: .25em .6em; text-align: right; }
        th:nth-child(2), td:nth-child(2) { text-align: left; }
        .bar { display: inline-block; width: 10em; height: .8em; background: #e6e6e6; vertical-align: middle; margin-right: .4em; }
        .bar span { display: block; height: 100%; background: #2f7d32; }
        tr.laggard td { background: #fff1ec; }
        tr.laggard .bar span { background: #c0392b; }
        .flag { color: #c0392b; font-weight: bold; }
        button { font-size: 60%; margin-left: .5em; }
        footer { color: #888; font-size: 80%; }
        """

    static let script = """
        "use strict";
        (function () {
          var state = { data: null, deadLetters: null, sort: "progress" };
          function el(tag, attrs, text) {
            var node = document.createElement(tag);
            for (var key in (attrs || {})) node.setAttribute(key, attrs[key]);
            if (text !== undefined) node.textContent = text;
            return node;
          }
          function pct(x) { return (x * 100).toFixed(1) + "%"; }
          function num(n) { return Number(n).toLocaleString("en-US"); }
          function yuan(fen) { return (fen / 100).toFixed(2); }
          function bar(progress) {
            var outer = el("span", { "class": "bar" });
            var inner = el("span");
            inner.style.width = Math.min(100, progress * 100).toFixed(1) + "%";
            outer.appendChild(inner);
            return outer;
          }
          function sum(map) { var s = 0; for (var k in (map || {})) s += map[k]; return s; }
          function deadLetterTotal(c) { var s = 0; for (var st in (c.deadLetters || {})) s += sum(c.deadLetters[st]); return s; }
          function measures(c) {
            return [
              ["submitted", "submitted", c.submitted], ["enrolled", "enrolled", c.enrolled],
              ["verified", "ID verified", c.verified], ["rejected", "rejected", sum(c.rejectedByReason)],
              ["eligible", "eligible (60+)", c.eligible], ["held", "held", sum(c.heldByReason)],
              ["released", "released", c.released], ["certificates", "certificates printed", c.certificatesPrinted],
              ["bank-cards", "bank cards", c.bankCards], ["pensioners-paid", "60+ paid", c.pensionersPaid],
              ["payouts", "payouts", c.payouts], ["payouts-yuan", "paid (yuan)", yuan(c.payoutsFen)],
              ["dead-letters", "dead letters", deadLetterTotal(c)]
            ];
          }
          function drawTotals(d) {
            document.getElementById("county-name").textContent = d.county.name;
            document.getElementById("dates").textContent = "Business date " + d.businessDate + " · deadline " +
              d.deadline + " · " + d.daysLeft + " days left · " + pct(d.elapsed) + " of the drive elapsed";
            var cards = document.getElementById("county-cards");
            cards.textContent = "";
            measures(d.county.counters).forEach(function (m) {
              var card = el("div", { "class": "card" });
              card.appendChild(el("span", { "class": "label" }, m[1]));
              card.appendChild(el("span", { "class": "value", id: "county-" + m[0], "data-value": String(m[2]) },
                m[0] === "payouts-yuan" ? m[2] : num(m[2])));
              cards.appendChild(card);
            });
            var body = document.querySelector("#county-targets tbody");
            body.textContent = "";
            [["enrolment", "enrolled (ID verified)", d.county.enrolment, d.seed.enrolled],
             ["pensioners-paid", "60+ paid", d.county.pensionersPaid, d.seed.pensionersPaid],
             ["certificates", "certificates", d.county.certificates, d.seed.certificates]].forEach(function (r) {
              var tr = el("tr", { "data-measure": r[0] });
              tr.appendChild(el("td", {}, r[1]));
              tr.appendChild(el("td", { "data-field": "achieved", "data-value": String(r[2].achieved) }, num(r[2].achieved)));
              tr.appendChild(el("td", { "data-field": "target", "data-value": String(r[2].target) }, num(r[2].target)));
              var cell = el("td", { "data-field": "progress", "data-value": String(r[2].progress) });
              cell.appendChild(bar(r[2].progress));
              cell.appendChild(document.createTextNode(pct(r[2].progress)));
              tr.appendChild(cell);
              tr.appendChild(el("td", {}, r[2].neededPerDay.toFixed(1)));
              tr.appendChild(el("td", { "data-field": "seed", "data-value": String(r[3]) }, num(r[3])));
              body.appendChild(tr);
            });
          }
          function drawTownships(d) {
            var rows = d.townships.slice();
            if (state.sort === "code") rows.sort(function (a, b) { return a.code < b.code ? -1 : 1; });
            else rows.sort(function (a, b) { return a.rank - b.rank; });
            var body = document.querySelector("#townships tbody");
            body.textContent = "";
            rows.forEach(function (t) {
              var c = t.counters;
              var tr = el("tr", { "data-township": t.code, "class": t.laggard ? "laggard" : "" });
              tr.appendChild(el("td", { "data-field": "rank", "data-value": String(t.rank) }, String(t.rank)));
              tr.appendChild(el("td", { "data-field": "name" }, t.name));
              tr.appendChild(el("td", { "data-field": "verified", "data-value": String(c.verified) }, num(c.verified)));
              tr.appendChild(el("td", { "data-field": "target", "data-value": String(t.enrolment.target) }, num(t.enrolment.target)));
              var cell = el("td", { "data-field": "progress", "data-value": String(t.enrolment.progress) });
              cell.appendChild(bar(t.enrolment.progress));
              cell.appendChild(document.createTextNode(pct(t.enrolment.progress)));
              tr.appendChild(cell);
              tr.appendChild(el("td", { "data-field": "pensioners-paid", "data-value": String(c.pensionersPaid) }, num(c.pensionersPaid)));
              tr.appendChild(el("td", { "data-field": "certificates", "data-value": String(c.certificatesPrinted) }, num(c.certificatesPrinted)));
              tr.appendChild(el("td", { "data-field": "held", "data-value": String(sum(c.heldByReason)) }, num(sum(c.heldByReason))));
              tr.appendChild(el("td", { "data-field": "dead-letters", "data-value": String(deadLetterTotal(c)) }, num(deadLetterTotal(c))));
              tr.appendChild(el("td", { "class": "flag" }, t.laggard ? "落后 laggard" : ""));
              body.appendChild(tr);
            });
          }
          function drawChart(d) {
            var svg = document.getElementById("ranking-chart");
            var ns = "http://www.w3.org/2000/svg";
            while (svg.firstChild) svg.removeChild(svg.firstChild);
            var rows = d.townships.slice().sort(function (a, b) { return a.rank - b.rank; });
            var height = 16, width = 900, left = 120, max = 1;
            rows.forEach(function (t) { max = Math.max(max, t.enrolment.progress); });
            svg.setAttribute("width", width);
            svg.setAttribute("height", rows.length * height + 20);
            var pace = document.createElementNS(ns, "line");
            var paceX = left + (width - left - 80) * Math.min(1, d.elapsed / max);
            pace.setAttribute("x1", paceX); pace.setAttribute("x2", paceX);
            pace.setAttribute("y1", 0); pace.setAttribute("y2", rows.length * height);
            pace.setAttribute("stroke", "#888"); pace.setAttribute("stroke-dasharray", "4 3");
            svg.appendChild(pace);
            rows.forEach(function (t, i) {
              var g = document.createElementNS(ns, "g");
              g.setAttribute("data-township", t.code);
              g.setAttribute("data-value", String(t.enrolment.progress));
              var label = document.createElementNS(ns, "text");
              label.setAttribute("x", 0); label.setAttribute("y", i * height + 12);
              label.setAttribute("font-size", "11");
              label.textContent = t.rank + ". " + t.name;
              var rect = document.createElementNS(ns, "rect");
              rect.setAttribute("x", left); rect.setAttribute("y", i * height + 2);
              rect.setAttribute("height", height - 4);
              rect.setAttribute("width", Math.max(0, (width - left - 80) * t.enrolment.progress / max));
              rect.setAttribute("fill", t.laggard ? "#c0392b" : "#2f7d32");
              var value = document.createElementNS(ns, "text");
              value.setAttribute("x", left + 4 + (width - left - 80) * t.enrolment.progress / max);
              value.setAttribute("y", i * height + 12); value.setAttribute("font-size", "11");
              value.textContent = pct(t.enrolment.progress);
              g.appendChild(label); g.appendChild(rect); g.appendChild(value);
              svg.appendChild(g);
            });
          }
          function drawDeadLetters(d) {
            var body = document.querySelector("#dead-letters tbody");
            body.textContent = "";
            var entries = [];
            var letters = d.county.counters.deadLetters || {};
            Object.keys(letters).sort().forEach(function (stage) {
              Object.keys(letters[stage]).sort().forEach(function (reason) {
                entries.push([stage, reason, letters[stage][reason]]);
              });
            });
            entries.forEach(function (e) {
              var tr = el("tr", { "data-stage": e[0], "data-reason": e[1] });
              tr.appendChild(el("td", {}, e[0]));
              tr.appendChild(el("td", {}, e[1]));
              tr.appendChild(el("td", { "data-field": "count", "data-value": String(e[2]) }, num(e[2])));
              body.appendChild(tr);
            });
            if (entries.length === 0) {
              var none = el("tr", { "data-stage": "", "data-reason": "" });
              none.appendChild(el("td", { colspan: "3" }, "none"));
              body.appendChild(none);
            }
          }
          function drawPanels(panels) {
            var holder = document.getElementById("panels");
            panels.forEach(function (p) {
              fetch(p.url).then(function (r) { return r.json(); }).then(function (table) {
                var section = document.getElementById("panel-" + p.id);
                if (!section) { section = el("section", { id: "panel-" + p.id }); holder.appendChild(section); }
                section.textContent = "";
                section.appendChild(el("h2", {}, p.title));
                var t = el("table"), head = el("tr");
                table.columns.forEach(function (c) { head.appendChild(el("th", {}, c)); });
                t.appendChild(head);
                table.rows.forEach(function (row) {
                  var tr = el("tr");
                  row.forEach(function (cell) { tr.appendChild(el("td", {}, String(cell))); });
                  t.appendChild(tr);
                });
                section.appendChild(t);
              }).catch(function () {});
            });
          }
          function draw(d) {
            state.data = d;
            drawTotals(d); drawTownships(d); drawChart(d); drawDeadLetters(d);
            document.getElementById("updated").textContent = "Updated " + new Date().toISOString();
            document.body.setAttribute("data-rendered", "true");
          }
          var refreshes = 0;
          function refresh() {
            var query = window.location.search || "";
            fetch("/api/progress" + query).then(function (r) { return r.json(); }).then(function (d) {
              draw(d);
              refreshes += 1;
              document.body.setAttribute("data-refreshes", String(refreshes));
            }).catch(function () {});
            fetch("/api/panels").then(function (r) { return r.json(); }).then(drawPanels).catch(function () {});
          }
          document.getElementById("sort-progress").addEventListener("click", function () { state.sort = "progress"; drawTownships(state.data); });
          document.getElementById("sort-code").addEventListener("click", function () { state.sort = "code"; drawTownships(state.data); });
          draw(JSON.parse(document.getElementById("initial-data").textContent));
          setInterval(refresh, 5000);
          fetch("/api/panels").then(function (r) { return r.json(); }).then(drawPanels).catch(function () {});
        })();
        """
}
