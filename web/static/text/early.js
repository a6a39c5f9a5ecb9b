// Starts fetching the page's texts while the WebAssembly module downloads (issue 11): the same
// language choice as crates/tlsim-web/src/url.rs (the last `lang=` of the query, then of the
// fragment; "en", "ko" or "kr", any case, with a region; English otherwise). The page takes the
// response from `window.__tlsimTexts` (crates/tlsim-web/src/i18n/load.rs) and fetches the table
// itself if this script did not run or guessed another language. If the page has already looked
// (it sets `__tlsimTexts` to null), this script ran too late and fetches nothing.
(function () {
  if (window.__tlsimTexts !== undefined) return;
  var pairs = location.search.replace(/^\?/, '');
  if (location.hash.indexOf('=') >= 0) pairs += '&' + location.hash.replace(/^#/, '');
  var last = '';
  pairs.split(/[&;]/).forEach(function (p) {
    var kv = p.split('=');
    var k;
    try { k = decodeURIComponent(kv[0].replace(/\+/g, ' ')); } catch (e) { return; }
    if (k !== 'lang') return;
    var v;
    try { v = decodeURIComponent(kv.slice(1).join('=').replace(/\+/g, ' ')); } catch (e) { v = kv.slice(1).join('='); }
    last = v;
  });
  // The last `lang=` counts; an unknown code means English (the page warns about it).
  var primary = last.trim().split(/[-_]/)[0].toLowerCase();
  var lang = primary === 'ko' || primary === 'kr' ? 'ko' : 'en';
  window.__tlsimTexts = {
    lang: lang,
    text: fetch('text/' + lang + '.json').then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    }),
  };
  // A failure is reported by the page; do not leave an unhandled rejection in the console.
  window.__tlsimTexts.text.catch(function () {});
})();
