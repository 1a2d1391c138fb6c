/**
 * The page's stylesheet, served as /can-bo/tep/giao-dien.css (the CSP allows
 * styles from the page's own origin only). Narrow screens (a phone, 360 px)
 * get stacked filters and cards instead of the wide table.
 */
export const STYLESHEET = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d2430;background:#f4f6f8}
a{color:#0b5cad}
header{background:#0b4f8a;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header strong{margin-right:auto}
header nav{display:flex;flex-wrap:wrap;gap:.25rem .9rem}
header nav a{color:#fff;text-decoration:none;padding:.15rem 0;border-bottom:2px solid transparent}
header nav a.on{border-color:#ffd34d}
header form{margin:0}
header button{background:transparent;color:#fff;border:1px solid #fff8;border-radius:4px;padding:.15rem .6rem;cursor:pointer}
main{padding:1rem;max-width:1280px;margin:0 auto}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
.card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:.8rem 1rem;margin-bottom:1rem}
.flash{background:#e7f5ea;border:1px solid #9fd3ab;padding:.5rem .8rem;border-radius:6px;margin-bottom:1rem}
.error{background:#fdecea;border:1px solid #f1a9a0;padding:.5rem .8rem;border-radius:6px;margin-bottom:1rem}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:.8rem}
.counts a{background:#fff;border:1px solid #d8dee4;border-radius:999px;padding:.15rem .7rem;text-decoration:none;color:#1d2430;font-size:.9rem}
.counts a.on{background:#0b4f8a;color:#fff;border-color:#0b4f8a}
form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.5rem;align-items:end}
label{display:block;font-size:.85rem;color:#4a5563}
input,select,textarea{width:100%;font:inherit;padding:.35rem .45rem;border:1px solid #b9c2cc;border-radius:4px;background:#fff}
textarea{min-height:4.5rem}
button.primary,button.warn,button.quiet,.button{background:#0b5cad;color:#fff;border:0;border-radius:4px;padding:.45rem .9rem;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
button.warn{background:#b3261e}
button.quiet{background:#5b6b7c}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e3e8ee;vertical-align:top}
th a{color:inherit}
.status{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.85rem;background:#e8eef5;white-space:nowrap}
.s-submitted{background:#fff4d6}.s-received{background:#dcecff}.s-needs-info{background:#ffe1cc}.s-proposed{background:#d9f2df}.s-rejected{background:#f9d7d5}.s-withdrawn{background:#e5e5e5}
.pager{display:flex;gap:.6rem;align-items:center;margin:.8rem 0;flex-wrap:wrap}
dl.answers{display:grid;grid-template-columns:minmax(140px,260px) 1fr;gap:.3rem .8rem;margin:0}
dl.answers dt{color:#4a5563}
dl.answers dd{margin:0;overflow-wrap:anywhere}
.actions{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.8rem}
.actions form{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:.7rem}
.actions form>*+*{margin-top:.4rem}
ul.history{padding-left:1.1rem;margin:.3rem 0}
img.attachment{max-width:100%;max-height:320px;border:1px solid #d8dee4;border-radius:4px}
.muted{color:#5b6b7c;font-size:.9rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:1rem}
.charts canvas{width:100%!important;max-height:300px}
@media (max-width:640px){
  main{padding:.6rem}
  table.list thead{display:none}
  table.list,table.list tbody,table.list tr,table.list td{display:block;width:100%}
  table.list tr{border:1px solid #d8dee4;border-radius:6px;margin-bottom:.6rem;background:#fff;padding:.3rem .2rem}
  table.list td{border:0;padding:.15rem .5rem}
  table.list td[data-label]::before{content:attr(data-label) ": ";color:#5b6b7c;font-size:.85rem}
  dl.answers{grid-template-columns:1fr}
  dl.answers dd{margin-bottom:.4rem}
  .charts{grid-template-columns:1fr}
}
`;
