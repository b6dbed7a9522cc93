/** The report page's inline style and script (no network: no fonts, no CDN, no fetch). */

export const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#232f3e;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c8d0da}
main{padding:8px 24px 40px;max-width:1200px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 16px;margin:16px 0}
h2{font-size:17px;margin:4px 0 10px}
h3{font-size:14px;margin:4px 0}
h3.sub{margin-top:14px}
.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:14px;height:14px;border:1px solid #888;vertical-align:-2px;margin-right:4px}
.block-wrap{overflow-x:auto;margin:8px 0 16px}
svg.block{display:block;max-width:100%;height:auto}
svg .row{font:11px ui-monospace,monospace;fill:#5a6472;text-anchor:end}
svg rect{stroke:#fff;stroke-width:.5}
svg g.subnet:hover rect.area,svg g.gap:hover rect{stroke:#000;stroke-width:1.5}
.k-node rect.area,i.k-node{fill:#9cc3ec;background:#9cc3ec}
.k-node rect.used{fill:#2f6eb5}
.k-pod rect.area,i.k-pod{fill:#a8dcae;background:#a8dcae}
.k-pod rect.used{fill:#2f8a3b}
.k-nodepod rect.area,i.k-nodepod{fill:#9ed8d5;background:#9ed8d5}
.k-nodepod rect.used{fill:#1f7f7a}
.k-other rect.area,i.k-other{fill:#d4d7dc;background:#d4d7dc}
.k-other rect.used{fill:#7d838c}
rect.k-free,i.k-free{fill:#fff;background:#fff}
svg rect.k-free{stroke:#c9ced6;stroke-dasharray:2 2}
i.used{background:linear-gradient(#fff 50%,#555 50%)}
#info{position:sticky;top:0;background:#fffbe6;border:1px solid #e8d98c;padding:6px 10px;white-space:pre-line;font:12px ui-monospace,monospace;min-height:2.2em}
.zones{display:flex;flex-wrap:wrap;gap:12px}
.zone{border:1px solid #e3e6ea;border-radius:4px;padding:8px 10px;min-width:520px;flex:1}
.bar-row{display:flex;align-items:center;gap:8px;margin:3px 0}
.bar-label{width:170px;font-size:12px;color:#4a5361}
.bar{display:inline-block;height:14px;border-radius:2px}
.b-addr{background:#2f8a3b}.b-slot{background:#2f6eb5}.b-demand{background:#c7781d}
.bar-num{font:12px ui-monospace,monospace}
.fit{margin:6px 0 0}
.bad{color:#b3261e;font-weight:600}
.warnings li{color:#7a4b00}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e3e6ea;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f0f2f5}
td ul{margin:4px 0 0;padding-left:18px;color:#4a5361;font-size:12px}
.sev-error .sev{color:#b3261e;font-weight:700}
.sev-warning .sev{color:#8a5a00;font-weight:700}
.sev-info .sev{color:#2f6eb5}
.ok{color:#2f8a3b}
details summary{cursor:pointer;margin:6px 0}
table.subnets td{font:12px ui-monospace,monospace}
input#filter{padding:4px 6px;width:280px}
`;

/** Hovering a subnet or gap copies its title into the info line; the filter narrows the subnet list. */
export const SCRIPT = `
(function(){
  var info=document.getElementById('info');
  document.addEventListener('mouseover',function(e){
    var g=e.target&&e.target.closest?e.target.closest('g.subnet,g.gap'):null;
    if(!g)return;
    var t=g.querySelector('title');
    if(t&&info)info.textContent=t.textContent;
  });
  var filter=document.getElementById('filter');
  if(filter)filter.addEventListener('input',function(){
    var q=filter.value.toLowerCase();
    var rows=document.querySelectorAll('table.subnets tbody tr');
    for(var i=0;i<rows.length;i++)rows[i].style.display=rows[i].textContent.toLowerCase().indexOf(q)<0?'none':'';
  });
})();
`;
