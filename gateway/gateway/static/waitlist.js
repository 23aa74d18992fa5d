// The waiting-list page: how many wait, one's own place (join, leave) and an offer to
// pay once it is one's turn. Uses app.js's helpers (api, store, show, $).
"use strict";

(function () {
  const view = document.getElementById("waitlist-view");
  if (!view) return;
  const texts = JSON.parse(document.getElementById("waitlist-messages").textContent);
  const say = (key, vars) => {
    let text = texts[key] || key;
    for (const [name, value] of Object.entries(vars || {})) text = text.split("%(" + name + ")s").join(String(value));
    return text;
  };
  const base = "/v1/waitlists/" + encodeURIComponent(view.dataset.offering);
  const onSale = view.dataset.onSale === "yes";

  function showMine(entry) {
    const mine = $("waitlist-mine"), pay = $("waitlist-pay");
    show(pay, false);
    const active = entry && (entry.status === "waiting" || entry.status === "offered");
    show($("waitlist-form"), !active && onSale);
    show($("waitlist-leave"), Boolean(entry) && entry.status === "waiting");
    if (!entry) { mine.textContent = say("none"); return; }
    mine.textContent = say(entry.status, {
      position: entry.position, n: entry.quantity,
      until: entry.offer_expires_at ? jstDateTime(entry.offer_expires_at) : "…",
    });
    if (entry.status === "offered" && entry.booking_id) {
      pay.href = "/bookings/" + encodeURIComponent(entry.booking_id);
      show(pay, true);
    }
  }

  async function load() {
    const line = await api("GET", base);
    $("waitlist-count").textContent = say("in_line", { n: line.waiting.toLocaleString(LANG) });
    if (!store.access && !store.refresh) {
      show($("waitlist-signin"), true);
      return;
    }
    if (store.name && !$("waitlist-name").value) $("waitlist-name").value = store.name;
    try {
      showMine(await api("GET", base + "/entry"));
    } catch (e) {
      if (e.status === 404) showMine(null);
      else throw e;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const error = $("waitlist-error");
    load().catch((e) => { error.textContent = errorText(e); });
    $("waitlist-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      error.textContent = "";
      if (!$("waitlist-name").value.trim()) { $("waitlist-name").reportValidity(); return; }
      const button = $("waitlist-join");
      button.disabled = true;
      try {
        const body = { quantity: Number($("waitlist-quantity").value), name: $("waitlist-name").value.trim(), locale: LANG === "en" ? "en" : "ja" };
        await api("POST", base + "/entry", body, { idempotencyKey: newKey() });
        await load();
        $("waitlist-next").textContent = say("joined");
      } catch (e) { error.textContent = errorText(e); } finally { button.disabled = false; }
    });
    $("waitlist-leave").addEventListener("click", async () => {
      error.textContent = "";
      if (!window.confirm(say("ask_leave"))) return;
      try {
        await api("DELETE", base + "/entry");
        $("waitlist-next").textContent = "";
        await load();
      } catch (e) { error.textContent = errorText(e); }
    });
  });
})();
