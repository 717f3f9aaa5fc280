// ocop serve: reloads this page when the site is rebuilt. Added to pages by `ocop serve`
// only; built sites never contain it.
(() => {
  const me = document.currentScript;
  const since = me ? me.dataset.generation : "";
  const wait = () =>
    fetch("/__ocop/wait?since=" + since, { cache: "no-store" })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((now) => (now.trim() === since ? wait() : location.reload()))
      .catch(() => setTimeout(wait, 1000));
  wait();
})();
