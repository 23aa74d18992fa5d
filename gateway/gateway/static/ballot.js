// The ballot page: one's own application (apply, replace, withdraw) and the result, plus
// the draw's published commitment, seed and list hash. Uses app.js's helpers (api, t, $).
"use strict";

(function () {
  const view = document.getElementById("ballot-view");
  if (!view) return;
  const texts = JSON.parse(document.getElementById("ballot-messages").textContent);
  const say = (key, vars) => {
    let text = texts[key] || key;
    for (const [name, value] of Object.entries(vars || {})) text = text.split("%(" + name + ")s").join(String(value));
    return text;
  };
  const offering = view.dataset.offering;
  const applyLabel = document.getElementById("ballot-apply").textContent;
  const base = "/v1/ballots/" + encodeURIComponent(offering);

  function showBallot(b) {
    $("ballot-commitment").textContent = b.commitment;
    if (b.seed) $("ballot-seed").textContent = b.seed;
    if (b.list_hash) $("ballot-list-hash").textContent = b.list_hash;
    show($("ballot-draw-link"), b.status !== "open");
  }

  function showMine(app, ballotOpen) {
    const mine = $("ballot-mine"), next = $("ballot-next"), pay = $("ballot-pay");
    const form = $("ballot-form"), withdraw = $("ballot-withdraw");
    show(pay, false);
    if (!app) {
      mine.textContent = say("none");
      next.textContent = ballotOpen ? "" : say("closed");
      show(form, ballotOpen); show(withdraw, false);
      return;
    }
    mine.textContent = say(app.status, { n: app.quantity, rank: app.rank, until: "…" });
    next.textContent = "";
    const canChange = ballotOpen && (app.status === "applied" || app.status === "withdrawn");
    show(form, canChange);
    show(withdraw, canChange && app.status === "applied");
    if (canChange) $("ballot-quantity").value = String(app.quantity);
    $("ballot-apply").textContent = app.status === "applied" ? say("change") : applyLabel;
    if (app.status === "offered" && app.booking_id) {
      pay.href = "/bookings/" + encodeURIComponent(app.booking_id);
      show(pay, true);
      api("GET", "/v1/bookings/" + encodeURIComponent(app.booking_id)).then((b) => {
        mine.textContent = say("offered", { rank: app.rank, until: jstDateTime(b.hold_expires_at) });
      }).catch(() => {});
    }
  }

  async function load() {
    const ballot = await api("GET", base);
    showBallot(ballot);
    const open = ballot.status === "open";
    if (!store.access && !store.refresh) {
      show($("ballot-signin"), true);
      return;
    }
    if (store.name && !$("ballot-name").value) $("ballot-name").value = store.name;
    try {
      showMine(await api("GET", base + "/application"), open);
    } catch (e) {
      if (e.status === 404) showMine(null, open);
      else throw e;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const error = $("ballot-error");
    load().catch((e) => { error.textContent = errorText(e); });
    $("ballot-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      error.textContent = "";
      const button = $("ballot-apply");
      button.disabled = true;
      try {
        const body = { quantity: Number($("ballot-quantity").value), name: $("ballot-name").value.trim(), locale: LANG };
        showMine(await api("PUT", base + "/application", body), true);
        $("ballot-next").textContent = say("saved");
      } catch (e) { error.textContent = errorText(e); } finally { button.disabled = false; }
    });
    $("ballot-withdraw").addEventListener("click", async () => {
      error.textContent = "";
      try {
        await api("DELETE", base + "/application");
        await load();
      } catch (e) { error.textContent = errorText(e); }
    });
  });
})();
