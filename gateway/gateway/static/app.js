// Storefront behaviour: sign-in, booking, final confirmation, checkout, a booking's page
// and "my bookings", all through the public API of this gateway.
//
// Tokens live in localStorage, so sign-in survives a reload and a new tab, and go out
// only as `Authorization: Bearer` (never in a cookie): a cross-site request carries no
// credential, so there is nothing to forge. Refresh tokens rotate and a reused one ends
// the session, so tabs refresh one at a time (Web Locks) and re-read the store first.
// Every text comes from the page's message catalog (#i18n-messages).
"use strict";

const KEYS = ["lpx.access", "lpx.refresh", "lpx.email", "lpx.name"];
const store = {
  get access() { return localStorage.getItem("lpx.access"); },
  get refresh() { return localStorage.getItem("lpx.refresh"); },
  get email() { return localStorage.getItem("lpx.email"); },
  get name() { return localStorage.getItem("lpx.name"); },
  save(t) {
    localStorage.setItem("lpx.access", t.access_token);
    localStorage.setItem("lpx.refresh", t.refresh_token);
    localStorage.setItem("lpx.email", t.account.email);
    localStorage.setItem("lpx.name", t.account.name);
  },
  clear() { KEYS.forEach((k) => localStorage.removeItem(k)); },
};

const MESSAGES = JSON.parse((document.getElementById("i18n-messages") || {}).textContent || "{}");
const LANG = document.documentElement.lang || "ja";
function t(key, vars) {
  let text = MESSAGES[key] || key;
  for (const [name, value] of Object.entries(vars || {})) text = text.split("%(" + name + ")s").join(String(value));
  return text;
}

const EXPONENTS = { JPY: 0, USD: 2 };
const SYMBOLS = { JPY: "¥", USD: "$" };

function money(minor, currency) {
  const exp = EXPONENTS[currency] ?? 2;
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const whole = digits.slice(0, digits.length - exp) || "0";
  const frac = exp ? "." + digits.slice(digits.length - exp) : "";
  return sign + (SYMBOLS[currency] || "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + frac;
}

const JST_FORMAT = { timeZone: "Asia/Tokyo", year: "numeric", month: "long", day: "numeric" };
function jstDate(iso) {
  return iso ? new Intl.DateTimeFormat(LANG === "ja" ? "ja-JP" : "en-GB", JST_FORMAT).format(new Date(iso)) : "—";
}
function jstDateTime(iso) {
  if (!iso) return "—";
  const f = new Intl.DateTimeFormat(LANG === "ja" ? "ja-JP" : "en-GB", { ...JST_FORMAT, hour: "2-digit", minute: "2-digit", hour12: false });
  return f.format(new Date(iso)) + " JST";
}
function rateLabel(bps) { return (bps / 100) + "%"; }

function newKey() {
  return (crypto.randomUUID && crypto.randomUUID()) ||
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

// A problem's text in the page's language when the catalog knows its code (the last
// segment of its type), else the service's own detail.
function problemText(status, problem) {
  const code = problem && typeof problem.type === "string" ? problem.type.split("/").pop() : "";
  return MESSAGES["problem." + code] || (problem && (problem.detail || problem.title)) || t("failed", { status });
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.problem = problem || {};
  }
}

async function refreshTokens(staleAccess) {
  const run = async () => {
    if (store.access && store.access !== staleAccess) return true; // another tab refreshed
    if (!store.refresh) return false;
    const r = await fetch("/v1/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: store.refresh }),
    });
    if (!r.ok) { store.clear(); return false; }
    store.save(await r.json());
    return true;
  };
  return navigator.locks ? navigator.locks.request("lpx.refresh", run) : run();
}

async function apiRaw(method, path, body, opts = {}) {
  const send = () => {
    const headers = { Accept: opts.accept || "application/json", "Accept-Language": LANG, ...opts.headers };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (store.access) headers.Authorization = "Bearer " + store.access;
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  const used = store.access;
  let r = await send();
  if (r.status === 401 && store.refresh && (await refreshTokens(used))) r = await send();
  return r;
}

async function api(method, path, body, opts = {}) {
  const r = await apiRaw(method, path, body, opts);
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

function show(el, on) { if (el) el.hidden = !on; }
function $(id) { return document.getElementById(id); }
function nextTarget(fallback) {
  const next = new URLSearchParams(location.search).get("next") || "";
  return next.startsWith("/") && !next.startsWith("//") && !next.includes("\\") ? next : fallback;
}
function requireSignIn() {
  if (store.access || store.refresh) return true;
  location.assign("/account?next=" + encodeURIComponent(location.pathname + location.search));
  return false;
}
function errorText(e) { return e.status === 401 ? t("sign_in_again") : e.message; }

function setupNav() {
  const who = $("who"), link = $("account-link"), out = $("sign-out");
  if (store.access) {
    who.textContent = store.email || "";
    show(link, false); show(out, true);
  }
  out.addEventListener("click", async () => {
    try { await api("POST", "/v1/auth/logout", { refresh_token: store.refresh }); } catch (e) { /* ending anyway */ }
    store.clear();
    location.assign("/");
  });
  // Signing in or out in another tab shows here too.
  window.addEventListener("storage", (ev) => { if (ev.key === "lpx.access" && !ev.newValue) location.reload(); });
}

function setupAccount() {
  const signin = $("signin-form"), signup = $("signup-form");
  if (!signin) return;
  signin.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("signin-error").textContent = "";
    try {
      store.save(await api("POST", "/v1/auth/login", { email: $("signin-email").value, password: $("signin-password").value }));
      location.assign(nextTarget("/my-bookings"));
    } catch (e) { $("signin-error").textContent = e.message; }
  });
  signup.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("signup-error").textContent = "";
    try {
      store.save(await api("POST", "/v1/auth/signup", {
        name: $("signup-name").value, email: $("signup-email").value, password: $("signup-password").value,
      }));
      location.assign(nextTarget("/offerings"));
    } catch (e) {
      const fields = (e.problem.errors || []).map((f) => f.field.split(".").pop() + ": " + f.message);
      $("signup-error").textContent = [e.message, ...fields].join(" ");
    }
  });
}

function setupBooking() {
  const form = $("book-form");
  if (!form) return;
  if (!store.access && !store.refresh) {
    $("signin-link").href = "/account?next=" + encodeURIComponent(location.pathname);
    show($("signin-needed"), true);
    return;
  }
  show(form, true);
  $("contact-email").value = store.email || "";
  $("contact-name").value = store.name || "";
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    const button = $("book");
    button.disabled = true;
    $("book-error").textContent = "";
    const line = { offering_id: form.dataset.offering, quantity: Number($("quantity").value) };
    if ($("inscription")) line.inscription = $("inscription").value;
    try {
      const booking = await api("POST", "/v1/bookings", {
        lines: [line],
        contact: { name: $("contact-name").value, email: $("contact-email").value },
        currency: $("currency").value,
        locale: LANG === "en" ? "en" : "ja", // the language of the booking's emails
      }, { idempotencyKey: newKey() });
      location.assign("/bookings/" + booking.id + "/confirm");
    } catch (e) {
      $("book-error").textContent = errorText(e);
      // Sold out, or what came back is offered to those waiting first: the line is open.
      if (e.status === 409 && /(insufficient-capacity|waiting-list-ahead)$/.test(e.problem.type || "")) show($("waitlist-link"), true);
      button.disabled = false;
    }
  });
}

function lineSummary(b) {
  return (b.lines || []).map((l) => l.quantity + " × " + l.name).join(", ");
}
function taxSummary(b) {
  const rows = b.tax_breakdown || [];
  if (!rows.length) return "";
  return rows.map((r) => r.rate_bps ? t("tax_line", { rate: rateLabel(r.rate_bps), tax: money(r.tax_minor, b.currency) }) : t("no_tax")).join(" / ");
}
function inscriptions(b) { return (b.lines || []).map((l) => l.inscription).filter(Boolean).join(", "); }

function countdown(el, iso, onEnd) {
  const end = new Date(iso).getTime();
  const tick = () => {
    const left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    if (left <= 0) { el.textContent = t("hold_ended"); if (onEnd) onEnd(); return; }
    el.textContent = t("hold_ends_in", { time: t("minutes", { m: Math.floor(left / 60), s: String(left % 60).padStart(2, "0") }) });
    setTimeout(tick, 1000);
  };
  tick();
}

async function startCheckout(bookingId, button, errorEl) {
  button.disabled = true;
  try {
    const checkout = await api("POST", "/v1/bookings/" + bookingId + "/checkout", {}, { idempotencyKey: newKey() });
    // A booking that costs nothing is confirmed at once: no payment page.
    location.assign(checkout.checkout_url || "/bookings/" + bookingId);
  } catch (e) { errorEl.textContent = errorText(e); button.disabled = false; }
}

async function setupConfirm() {
  const view = $("confirm-view");
  if (!view || !requireSignIn()) return;
  const id = view.dataset.booking;
  try {
    const [b, terms] = await Promise.all([
      api("GET", "/v1/bookings/" + id),
      api("GET", "/v1/bookings/" + id + "/cancellation-preview"),
    ]);
    const mission = await api("GET", "/v1/catalog/missions/" + b.mission_id);
    $("confirm-lines").textContent = (b.lines || []).map((l) => l.quantity + " × " + l.name + " (" + money(l.unit_price_minor, b.currency) + ")").join(", ");
    $("confirm-inscription").textContent = inscriptions(b) || "—";
    $("confirm-total").textContent = money(b.total_minor, b.currency);
    $("confirm-tax").textContent = taxSummary(b);
    $("confirm-delivery").textContent = t("delivery", {
      mission: mission.name, start: jstDate(mission.launch_window_start), end: jstDate(mission.launch_window_end),
    });
    $("confirm-hold").textContent = jstDateTime(b.hold_expires_at);
    countdown($("hold-countdown"), b.hold_expires_at, () => { $("place-order").disabled = true; });
    $("confirm-cancellation").textContent = terms.cutoff_at
      ? t("cancel_terms", { cutoff: jstDate(terms.cutoff_at), fee: money(terms.fee_if_paid_minor, b.currency), refund: money(b.total_minor - terms.fee_if_paid_minor, b.currency) })
      : t("cancel_terms_nocutoff", { fee: money(terms.fee_if_paid_minor, b.currency) });
    if (b.status !== "held") { location.replace("/bookings/" + id); return; }
    const button = $("place-order");
    button.disabled = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        await api("POST", "/v1/bookings/" + id + "/confirmation", { terms_version: view.dataset.termsVersion, locale: LANG }, { idempotencyKey: newKey() });
      } catch (e) { $("confirm-error").textContent = errorText(e); button.disabled = false; return; }
      await startCheckout(id, button, $("confirm-error"));
    });
  } catch (e) { $("confirm-error").textContent = errorText(e); }
}

async function download(path, name, errorEl) {
  try {
    const r = await apiRaw("GET", path, undefined, { accept: "application/pdf" });
    if (!r.ok) { const p = await r.json().catch(() => null); throw new ApiError(r.status, p); }
    const url = URL.createObjectURL(await r.blob());
    const a = document.createElement("a");
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) { errorEl.textContent = errorText(e); }
}

async function setupBookingView() {
  const view = $("booking-view");
  if (!view || !requireSignIn()) return;
  const id = view.dataset.booking;
  const paid = new URLSearchParams(location.search).get("paid") === "1";
  const started = Date.now();
  let wired = false;
  let etag = null;
  const load = async () => {
    try {
      // Back from paying: ask to be answered when the booking changes, not every second.
      const waiting = paid && etag ? { headers: { "If-None-Match": etag, Prefer: "wait=20" } } : {};
      const r = await apiRaw("GET", "/v1/bookings/" + id, undefined, waiting);
      if (r.status === 304) {
        // Unchanged. A read that could not wait (too many waiting) says so: pause first.
        const waited = r.headers.get("Preference-Applied");
        if (Date.now() - started < 60000) setTimeout(load, waited ? 0 : 1000);
        else show($("pay-again-box"), true);
        return;
      }
      const text = await r.text();
      const b = text ? JSON.parse(text) : null;
      if (!r.ok) throw new ApiError(r.status, b);
      etag = r.headers.get("ETag");
      $("booking-status").textContent = t("status." + b.status);
      $("booking-status").dataset.status = b.status;
      const refundPending = b.refund_requested_minor > b.refunded_minor;
      const nextKey = b.status === "cancelled" && refundPending ? "next.refund_due" : "next." + b.status;
      $("booking-next").textContent = MESSAGES[nextKey] || t("next.other");
      $("booking-lines").textContent = lineSummary(b) + " — " + money(b.total_minor, b.currency);
      $("booking-tax").textContent = taxSummary(b);
      $("booking-inscription").textContent = inscriptions(b);
      const parts = [];
      if (b.paid_minor) parts.push(t("paid_line", { paid: money(b.paid_minor, b.currency) }));
      if (refundPending) parts.push(t("refund_pending_line", { refund: money(b.refund_requested_minor, b.currency) }));
      else if (b.refunded_minor) parts.push(t("refund_line", { refund: money(b.refunded_minor, b.currency) }));
      if (b.cancellation_fee_minor) parts.push(t("fee_line", { fee: money(b.cancellation_fee_minor, b.currency) }));
      $("booking-money").textContent = parts.join(" · ");
      const held = b.status === "held" && b.hold_expires_at && new Date(b.hold_expires_at) > new Date();
      show($("pay-again-box"), held && !paid);
      show($("documents"), b.paid_minor > 0);
      show($("cancel-box"), ["held", "confirmed", "approved", "under_review"].includes(b.status));
      if (!wired) {
        wired = true;
        if (held) countdown($("booking-countdown"), b.hold_expires_at, () => show($("pay-again-box"), false));
        wireBookingActions(b);
      }
      if (paid && b.status === "held" && Date.now() - started < 60000) setTimeout(load, etag ? 0 : 1000);
      else if (paid && b.status === "held") show($("pay-again-box"), true);
    } catch (e) { $("booking-error").textContent = errorText(e); }
  };
  const wireBookingActions = (b) => {
    $("pay-again").addEventListener("click", () => startCheckout(id, $("pay-again"), $("booking-error")));
    $("download-receipt").addEventListener("click", () => download("/v1/storefront/bookings/" + id + "/receipt.pdf", "receipt-" + id + ".pdf", $("booking-error")));
    $("download-invoice").addEventListener("click", () => download("/v1/storefront/bookings/" + id + "/invoice.pdf", "invoice-" + id + ".pdf", $("booking-error")));
    $("cancel-preview").addEventListener("click", async () => {
      try {
        const p = await api("GET", "/v1/bookings/" + id + "/cancellation-preview");
        $("cancel-terms").textContent = p.cancellable
          ? t("fee_preview", { fee: money(p.fee_minor, b.currency), refund: money(p.refund_minor, b.currency) })
          : t("cancel_not_possible");
        show($("cancel-confirm-box"), true);
        show($("cancel-confirm"), p.cancellable);
        $("cancel-reason").focus();
      } catch (e) { $("booking-error").textContent = errorText(e); }
    });
    $("cancel-confirm").addEventListener("click", async () => {
      $("cancel-confirm").disabled = true;
      try {
        await api("POST", "/v1/bookings/" + id + "/cancel", { reason: $("cancel-reason").value || "cancelled on the storefront" }, { idempotencyKey: newKey() });
        show($("cancel-confirm-box"), false);
        await load();
      } catch (e) { $("booking-error").textContent = errorText(e); $("cancel-confirm").disabled = false; }
    });
  };
  load();
}

async function setupMyBookings() {
  const list = $("my-bookings");
  if (!list || !requireSignIn()) return;
  try {
    const page = await api("GET", "/v1/bookings?limit=50");
    for (const b of page.items) {
      const li = document.createElement("li");
      li.className = "card booking";
      li.dataset.booking = b.id;
      const h = document.createElement("h2");
      const a = document.createElement("a");
      a.href = "/bookings/" + b.id;
      a.textContent = lineSummary(b);
      h.appendChild(a);
      const status = document.createElement("p");
      status.className = "status";
      status.dataset.status = b.status;
      status.textContent = t("status." + b.status);
      const next = document.createElement("p");
      next.className = "next";
      next.textContent = MESSAGES["next." + b.status] || t("next.other");
      const facts = document.createElement("p");
      facts.className = "muted";
      facts.textContent = [t("total") + ": " + money(b.total_minor, b.currency), t("made_on", { date: jstDate(b.created_at) }), t("booking_ref", { id: b.id })].join(" · ");
      li.append(h, status, next, facts);
      list.appendChild(li);
    }
    show(list, page.items.length > 0);
    show($("no-bookings"), page.items.length === 0);
  } catch (e) { $("bookings-error").textContent = errorText(e); }
}

function setupAvailability() {
  const cells = document.querySelectorAll("[data-availability]");
  if (!cells.length) return;
  const refresh = async () => {
    for (const cell of cells) {
      try {
        const a = await api("GET", "/v1/catalog/offerings/" + cell.dataset.availability + "/availability");
        cell.textContent = t("left", { n: a.bookable_units.toLocaleString(LANG) });
      } catch (e) { /* keep the last figure */ }
    }
  };
  setInterval(refresh, 15000);
}

document.addEventListener("DOMContentLoaded", () => {
  setupNav();
  setupAccount();
  setupBooking();
  setupConfirm();
  setupBookingView();
  setupMyBookings();
  setupAvailability();
});
