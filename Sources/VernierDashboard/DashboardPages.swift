import Foundation
import VernierReports
import VernierTune

/// The dashboard's HTML: the study list, a study page, a trial page and the plots fragment. Every name and
/// value from the storage goes through `escapeXML`; the page script builds its rows with `textContent`, never
/// by parsing data as HTML.
///
/// ```swift
/// let page = DashboardPages.index(studies: try DashboardData.studies(in: storage), storage: storage.url)
/// ```
public enum DashboardPages {
    /// Pages may run only the dashboard's own script and style, and talk only to the dashboard.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The standalone report carries its style and tooltip script inline; it may load nothing else.
    public static let reportContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The start of every page up to `<main>`.
    static func head(title: String, bodyAttributes: [String: String], heading: String, links: String) -> String {
        let attributes = bodyAttributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(escapeXML($0.value))\"" }
            .joined()
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeXML(title))</title>
            <link rel="stylesheet" href="/static/dashboard.css">
            <script src="/static/dashboard.js" defer></script>
            </head>
            <body\(attributes)>
            <header><nav>\(links)</nav><h1>\(heading)</h1>

            """
    }

    static let tail = "<div id=\"tip\" role=\"tooltip\"></div>\n</body>\n</html>\n"

    /// The list of studies.
    ///
    /// ```swift
    /// let page = DashboardPages.index(studies: summaries, storage: "sqlite:runs/vernier.db")
    /// ```
    public static func index(studies: [StudySummary], storage: String) -> String {
        var html = head(
            title: "Vernier dashboard", bodyAttributes: ["data-page": "index"], heading: "Studies",
            links: "<a href=\"/\">Vernier dashboard</a>")
        html += "<ul class=\"summary\"><li>storage: \(escapeXML(storage))</li>"
        html += "<li>studies: <span id=\"study-count\">\(studies.count)</span></li>"
        html += "</ul>\n<p class=\"status\" id=\"status\">live</p>\n</header>\n<main>\n<section class=\"card wide\">\n"
        if studies.isEmpty {
            html +=
                "<p id=\"empty\">No studies yet. Run <code>vernier tune branin</code> and they will appear here.</p>\n"
        }
        html += "<table id=\"studies\">\n<thead><tr><th>study</th><th>direction</th><th>trials</th>"
        html += "<th>complete</th><th>running</th><th>pruned</th><th>failed</th><th>best</th></tr></thead>\n<tbody>\n"
        for study in studies {
            html += "<tr><td><a href=\"/studies/\(study.id)\">\(escapeXML(study.name))</a></td>"
            html += "<td>\(escapeXML(study.direction))</td><td>\(study.trials)</td>"
            for state in ["complete", "running", "pruned", "failed"] { html += "<td>\(study.states[state] ?? 0)</td>" }
            html += "<td>\(study.bestValue.map { ParameterValue.format($0) } ?? "")</td></tr>\n"
        }
        html += "</tbody>\n</table>\n</section>\n</main>\n" + tail
        return html
    }

    /// The page of one study: summary, trial table (sort by clicking a heading, filter by state; scrolls after
    /// about 12 rows), then the plots, all refreshed by polling `/api/studies/{id}`.
    ///
    /// ```swift
    /// let page = DashboardPages.study(detail: detail, plots: fragment, configuration: DashboardConfiguration())
    /// ```
    public static func study(detail: StudyDetail, plots: String, configuration: DashboardConfiguration) -> String {
        let summary = detail.summary
        var html = head(
            title: "Study \(summary.name)",
            bodyAttributes: [
                "data-page": "study", "data-study": String(summary.id),
                "data-refresh": String(configuration.refreshSeconds),
            ],
            heading: "Study <span id=\"study-name\">\(escapeXML(summary.name))</span>",
            links:
                "<a href=\"/\">← all studies</a> · <a href=\"/studies/\(summary.id)/report.html\">standalone report</a>"
                + " · <a href=\"/api/studies/\(summary.id)\">JSON</a>")
        html +=
            "<ul class=\"summary\" id=\"summary\">" + summaryItems(summary).map { "<li>\(escapeXML($0))</li>" }.joined()
        html += "</ul>\n<p class=\"status\"><span id=\"status\">live: refreshing every "
        html += "\(ParameterValue.format(configuration.refreshSeconds)) s</span>"
        if configuration.allowsDelete {
            html +=
                " <button id=\"delete\" type=\"button\" data-token=\"\(escapeXML(configuration.writeToken))\">"
                + "Delete this study</button>"
        }
        html += "</p>\n</header>\n<main>\n"
        html += "<section class=\"card wide\" id=\"trials-card\">\n<h2>Trials</h2>\n<p class=\"controls\">"
        html += "<label>state <select id=\"state-filter\"><option value=\"all\">all</option>"
        for state in TrialState.allCases { html += "<option value=\"\(state.rawValue)\">\(state.rawValue)</option>" }
        html += "</select></label> <span id=\"shown\">\(detail.trials.count) of \(detail.trials.count) trials</span>"
        html += " · click a heading to sort</p>\n"
        let names = Set(detail.trials.flatMap { $0.parameters.keys }).sorted()
        html += "<div class=\"scroll\"><table id=\"trials\">\n<thead><tr><th data-key=\"number\">trial</th>"
        html += "<th data-key=\"state\">state</th>"
        html += "<th data-key=\"value\">value</th><th data-key=\"duration\">duration_s</th>"
        for name in names { html += "<th data-key=\"p:\(escapeXML(name))\">\(escapeXML(name))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for trial in detail.trials {
            html +=
                "<tr data-state=\"\(trial.state.rawValue)\"><td><a href=\"/studies/\(summary.id)/trials/\(trial.number)\">"
            html +=
                "\(trial.number)</a></td><td class=\"state-\(trial.state.rawValue)\">\(trial.state.rawValue)</td>"
            html += "<td>\(trial.value.map { ParameterValue.format($0) } ?? "")</td>"
            html += "<td>\(trial.duration.map { ParameterValue.format($0) } ?? "")</td>"
            for name in names { html += "<td>\(escapeXML(trial.parameters[name]?.description ?? ""))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        html += "<div id=\"plots\" class=\"plots\">\n\(plots)</div>\n</main>\n" + tail
        return html
    }

    /// The summary lines of a study.
    static func summaryItems(_ summary: StudySummary) -> [String] {
        var items = ["direction: \(summary.direction)", "trials: \(summary.trials)"]
        for state in TrialState.allCases {
            if let count = summary.states[state.rawValue], count > 0 { items.append("\(state.rawValue): \(count)") }
        }
        if let best = summary.bestValue, let trial = summary.bestTrial {
            items.append("best: \(ParameterValue.format(best)) (trial \(trial))")
        }
        return items
    }

    /// The study's plots as `<section>` cards: the sections of ``StudyReport`` without its trial table (the
    /// page has a live one); for a multi-objective study the Pareto fronts, the hypervolume history and each
    /// objective's importance, slices, contour and parallel coordinates, with `metricNames` naming the objectives.
    ///
    /// ```swift
    /// let fragment = DashboardPages.plots(record: record, trials: trials)
    /// ```
    public static func plots(record: StudyRecord, trials: [FrozenTrial], metricNames: [String]? = nil) -> String {
        let renderer = HTMLRenderer()
        return report(record: record, trials: trials, metricNames: metricNames).sections
            .filter { $0.title != "All trials" }.map(renderer.render).joined()
    }

    /// The study report of `record` (one or several objectives).
    static func report(record: StudyRecord, trials: [FrozenTrial], metricNames: [String]?) -> Report {
        record.directions.count > 1
            ? StudyReport.report(name: record.name, directions: record.directions, trials: trials, names: metricNames)
            : StudyReport.report(name: record.name, direction: record.direction, trials: trials)
    }

    /// The page of one trial: state, value, times, parameters, intermediate values (chart and table) and
    /// attributes. A running trial's page reloads itself.
    ///
    /// ```swift
    /// let page = DashboardPages.trial(trial, study: record, configuration: DashboardConfiguration())
    /// ```
    public static func trial(_ trial: FrozenTrial, study: StudyRecord, configuration: DashboardConfiguration) -> String
    {
        let live = trial.state == .running || trial.state == .waiting
        var html = head(
            title: "Trial \(trial.number) of \(study.name)",
            bodyAttributes: [
                "data-page": "trial", "data-live": live ? "true" : "false",
                "data-refresh": String(configuration.refreshSeconds),
            ],
            heading: "Trial \(trial.number) of <a href=\"/studies/\(study.id)\">\(escapeXML(study.name))</a>",
            links: "<a href=\"/\">all studies</a> · <a href=\"/studies/\(study.id)\">← study</a>"
                + (trial.number > 0
                    ? " · <a href=\"/studies/\(study.id)/trials/\(trial.number - 1)\">previous</a>" : "")
                + " · <a href=\"/studies/\(study.id)/trials/\(trial.number + 1)\">next</a>"
                + " · <a href=\"/api/studies/\(study.id)/trials/\(trial.number)\">JSON</a>")
        var facts = ["state: \(trial.state.rawValue)"]
        if let value = trial.value { facts.append("value: \(ParameterValue.format(value))") }
        if let duration = trial.duration { facts.append("duration: \(ParameterValue.format(duration)) s") }
        let formatter = ISO8601DateFormatter()
        if let start = trial.startDate { facts.append("started: \(formatter.string(from: start))") }
        if let end = trial.completeDate { facts.append("finished: \(formatter.string(from: end))") }
        if let reason = trial.failReason { facts.append("fail reason: \(reason)") }
        html += "<ul class=\"summary\" id=\"summary\">" + facts.map { "<li>\(escapeXML($0))</li>" }.joined() + "</ul>\n"
        if live { html += "<p class=\"status\" id=\"status\">live: this trial is \(trial.state.rawValue)</p>\n" }
        html += "</header>\n<main>\n"
        let parameters = trial.externalParameters.sorted { $0.key < $1.key }
        var parameterRows: [[String]] = []
        for (name, value) in parameters {
            parameterRows.append([name, value.description, trial.distributions[name].map { "\($0)" } ?? ""])
        }
        html += card(
            "Parameters",
            table: parameters.isEmpty
                ? nil : DataTable(headers: ["parameter", "value", "distribution"], rows: parameterRows),
            empty: "No parameters.")
        if !trial.intermediateValues.isEmpty {
            var section = ReportSection(
                title: "Intermediate values",
                plot: IntermediateValuesPlot(trials: [trial]), includesTable: true)
            section.width = 720
            html += HTMLRenderer().render(section)
        } else {
            html += card("Intermediate values", table: nil, empty: "This trial reported no intermediate value.")
        }
        for (title, attributes) in [
            ("User attributes", trial.userAttributes), ("System attributes", trial.systemAttributes),
        ] {
            let rows = attributes.sorted { $0.key < $1.key }.map { [$0.key, $0.value.description] }
            html += card(
                title, table: rows.isEmpty ? nil : DataTable(headers: ["key", "value"], rows: rows), empty: "None.")
        }
        html += "</main>\n" + tail
        return html
    }

    private static func card(_ title: String, table: DataTable?, empty: String) -> String {
        var html = "<section class=\"card\">\n<h2>\(escapeXML(title))</h2>\n"
        if let table {
            html +=
                "<table>\n<thead><tr>" + table.headers.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr></thead>\n"
            html += "<tbody>\n"
            for row in table.rows { html += "<tr>" + row.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>\n" }
            html += "</tbody>\n</table>\n"
        } else {
            html += "<p>\(escapeXML(empty))</p>\n"
        }
        return html + "</section>\n"
    }

    /// A small error page.
    static func errorPage(status: Int, message: String) -> String {
        head(
            title: "Error \(status)", bodyAttributes: ["data-page": "error"], heading: "Error \(status)",
            links: "<a href=\"/\">all studies</a>")
            + "</header>\n<main>\n<section class=\"card wide\"><p>\(escapeXML(message))</p></section>\n</main>\n" + tail
    }

    /// The stylesheet: the report's style plus the dashboard's navigation, controls and table.
    public static let style =
        HTMLRenderer.style + "\n"
            + """
            nav{font-size:13px;margin-bottom:6px}nav a,h1 a{color:#0072B2;text-decoration:none}
            .status{margin:6px 0 0 0;font-size:12px;color:#009E73}.status.error{color:#D55E00}
            .plots{display:flex;flex-wrap:wrap;gap:16px;flex-basis:100%}
            .controls{font-size:13px;margin:0 0 6px 0}
            .scroll{max-height:340px;overflow:auto}#trials thead th{position:sticky;top:0}
            #trials th[data-key]{cursor:pointer;user-select:none}
            #trials th.sorted-asc::after{content:" ▲"}#trials th.sorted-desc::after{content:" ▼"}
            .state-complete{color:#009E73}.state-pruned{color:#B35E00}.state-failed{color:#D55E00}
            .state-running{color:#0072B2;font-weight:bold}
            button{font-size:12px;margin-left:12px;color:#FFF;background:#D55E00;border:0;border-radius:4px;padding:3px 8px;
            cursor:pointer}
            code{background:#EEE;padding:1px 4px;border-radius:3px}
            """

    /// The page script: tooltips, the live study list, the study page's table (sort, filter, refresh) and plot
    /// refresh, the delete button, and reloading the page of a running trial.
    public static let script = #"""
        (function(){
        'use strict';
        var tip=document.getElementById('tip');
        document.addEventListener('mousemove',function(e){var t=e.target;
          var text=t&&t.getAttribute?t.getAttribute('data-tip'):null;
          if(text===null){tip.style.display='none';return;}
          tip.textContent=text;tip.style.display='block';
          tip.style.left=Math.min(e.clientX+12,window.innerWidth-tip.offsetWidth-8)+'px';
          tip.style.top=(e.clientY+14)+'px';});
        var body=document.body,page=body.getAttribute('data-page');
        var refresh=Math.max(parseFloat(body.getAttribute('data-refresh')||'2'),0.2)*1000;
        function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined&&text!==null){e.textContent=String(text);}
          if(cls){e.className=cls;}return e;}
        function fmt(v){if(v===null||v===undefined){return '';}
          if(typeof v==='number'){if(v===0){return '0';}var a=Math.abs(v);
            if(a>=1e6||a<1e-3){return v.toExponential(3).replace(/\.?0+e/,'e');}return String(+v.toPrecision(6));}
          if(typeof v==='object'){return JSON.stringify(v);}return String(v);}
        function setStatus(text,bad){var s=document.getElementById('status');if(!s){return;}s.textContent=text;
          s.className=bad?'status error':'status';}
        function now(){return new Date().toLocaleTimeString();}
        function getJSON(url){return fetch(url,{cache:'no-store'}).then(function(r){
          if(!r.ok){throw new Error('HTTP '+r.status);}return r.json();});}
        if(page==='index'){
          var poll=function(){getJSON('/api/studies').then(function(list){
            var tbody=document.querySelector('#studies tbody');tbody.textContent='';
            list.forEach(function(s){var tr=el('tr');var td=el('td');var a=el('a',s.name);a.href='/studies/'+s.id;
              td.appendChild(a);tr.appendChild(td);tr.appendChild(el('td',s.direction));tr.appendChild(el('td',s.trials));
              ['complete','running','pruned','failed'].forEach(function(k){tr.appendChild(el('td',s.states[k]||0));});
              tr.appendChild(el('td',fmt(s.bestValue)));tbody.appendChild(tr);});
            document.getElementById('study-count').textContent=String(list.length);
            var empty=document.getElementById('empty');if(empty&&list.length>0){empty.remove();}
            setStatus('live · updated '+now(),false);
          }).catch(function(e){setStatus('refresh failed: '+e.message,true);}).then(function(){setTimeout(poll,refresh);});};
          setTimeout(poll,refresh);
        }
        if(page==='trial'&&body.getAttribute('data-live')==='true'){setTimeout(function(){location.reload();},refresh);}
        if(page!=='study'){return;}
        var id=body.getAttribute('data-study');
        var st={trials:null,key:'number',asc:true,filter:'all',signature:null};
        function params(){var names={};st.trials.forEach(function(t){Object.keys(t.parameters).forEach(function(n){names[n]=1;});});
          return Object.keys(names).sort();}
        function valueOf(t,key){if(key==='number'){return t.number;}if(key==='state'){return t.state;}
          if(key==='value'){return t.value;}if(key==='duration'){return t.duration_s;}
          var p=t.parameters[key.slice(2)];return p===undefined?null:p;}
        function compare(a,b){var x=valueOf(a,st.key),y=valueOf(b,st.key);
          var xn=(x===null||x===undefined||x==='nan'),yn=(y===null||y===undefined||y==='nan');
          if(xn||yn){return xn===yn?a.number-b.number:(xn?1:-1);}
          var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));
          if(c===0){c=a.number-b.number;return c;}return st.asc?c:-c;}
        function render(){var table=document.getElementById('trials');var names=params();
          var head=el('tr');var keys=['number','state','value','duration'].concat(names.map(function(n){return 'p:'+n;}));
          var labels=['trial','state','value','duration_s'].concat(names);
          keys.forEach(function(k,i){var th=el('th',labels[i]);th.setAttribute('data-key',k);
            if(k===st.key){th.className=st.asc?'sorted-asc':'sorted-desc';}head.appendChild(th);});
          table.tHead.textContent='';table.tHead.appendChild(head);
          var rows=st.trials.filter(function(t){return st.filter==='all'||t.state===st.filter;}).sort(compare);
          var tbody=table.tBodies[0];tbody.textContent='';
          rows.forEach(function(t){var tr=el('tr');tr.setAttribute('data-state',t.state);var td=el('td');
            var a=el('a',t.number);a.href='/studies/'+id+'/trials/'+t.number;td.appendChild(a);tr.appendChild(td);
            tr.appendChild(el('td',t.state,'state-'+t.state));tr.appendChild(el('td',fmt(t.value)));
            tr.appendChild(el('td',fmt(t.duration_s)));
            names.forEach(function(n){tr.appendChild(el('td',fmt(t.parameters[n])));});tbody.appendChild(tr);});
          document.getElementById('shown').textContent=rows.length+' of '+st.trials.length+' trials';}
        function summary(s){var items=['direction: '+s.direction,'trials: '+s.trials];
          ['waiting','running','complete','pruned','failed'].forEach(function(k){if(s.states[k]){items.push(k+': '+s.states[k]);}});
          if(s.bestValue!==null&&s.bestValue!==undefined){items.push('best: '+fmt(s.bestValue)+' (trial '+s.bestTrial+')');}
          var ul=document.getElementById('summary');ul.textContent='';items.forEach(function(i){ul.appendChild(el('li',i));});}
        document.getElementById('trials').tHead.addEventListener('click',function(e){var k=e.target.getAttribute('data-key');
          if(!k||!st.trials){return;}if(st.key===k){st.asc=!st.asc;}else{st.key=k;st.asc=true;}render();});
        document.getElementById('state-filter').addEventListener('change',function(e){st.filter=e.target.value;
          if(st.trials){render();}else{Array.prototype.forEach.call(document.querySelectorAll('#trials tbody tr'),function(tr){
            tr.style.display=(st.filter==='all'||tr.getAttribute('data-state')===st.filter)?'':'none';});}});
        var del=document.getElementById('delete');
        if(del){del.addEventListener('click',function(){
          if(!window.confirm('Delete study '+document.getElementById('study-name').textContent+' and all its trials?')){return;}
          fetch('/api/studies/'+id,{method:'DELETE',headers:{'X-Vernier-Token':del.getAttribute('data-token')}}).then(function(r){if(!r.ok){throw new Error('HTTP '+r.status);}
            location.href='/';}).catch(function(e){setStatus('delete failed: '+e.message,true);});});}
        function reloadPlots(){return fetch('/studies/'+id+'/plots',{cache:'no-store'}).then(function(r){
          if(!r.ok){throw new Error('HTTP '+r.status);}return r.text();}).then(function(html){
          document.getElementById('plots').innerHTML=html;});}
        function poll(){getJSON('/api/studies/'+id).then(function(d){st.trials=d.trials;summary(d.summary);render();
            var s=d.summary;var sig=JSON.stringify([s.trials,s.states,s.lastUpdate]);
            var changed=st.signature!==null&&sig!==st.signature;st.signature=sig;
            return (changed?reloadPlots():Promise.resolve()).then(function(){
              setStatus('live · '+(s.states.running||0)+' running · updated '+now(),false);});
          }).catch(function(e){setStatus('refresh failed: '+e.message,true);}).then(function(){setTimeout(poll,refresh);});}
        poll();
        })();
        """#
}
