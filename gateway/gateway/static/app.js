// Storefront behaviour: sign-in, booking, checkout and booking status, all through the
// public API of this gateway. Tokens live in sessionStorage (per tab, no cookies).
"use strict";

const store = {
  get access() { return sessionStorage.getItem("lpx.access"); },
  get refresh() { return sessionStorage.getItem("lpx.refresh"); },
  get email() { return sessionStorage.getItem("lpx.email"); },
  save(t) {
    sessionStorage.setItem("lpx.access", t.access_token);
    sessionStorage.setItem("lpx.refresh", t.refresh_token);
    sessionStorage.setItem("lpx.email", t.account.email);
    sessionStorage.setItem("lpx.name", t.account.name);
  },
  clear() { ["lpx.access", "lpx.refresh", "lpx.email", "lpx.name"].forEach((k) => sessionStorage.removeItem(k)); },
};

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

function newKey() {
  return (crypto.randomUUID && crypto.randomUUID()) ||
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || "Request failed (" + status + ")");
    this.status = status;
    this.problem = problem || {};
  }
}

async function refreshTokens() {
  if (!store.refresh) return false;
  const r = await fetch("/v1/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: store.refresh }),
  });
  if (!r.ok) { store.clear(); return false; }
  store.save(await r.json());
  return true;
}

async function api(method, path, body, opts = {}) {
  const send = () => {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (store.access) headers.Authorization = "Bearer " + store.access;
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  let r = await send();
  if (r.status === 401 && store.refresh && (await refreshTokens())) r = await send();
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) throw new ApiError(r.status, data);
  return data;
}

function show(el, on) { if (el) el.hidden = !on; }
function $(id) { return document.getElementById(id); }
function nextTarget(fallback) {
  const next = new URLSearchParams(location.search).get("next") || "";
  return next.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

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
  if (!store.access) {
    $("signin-link").href = "/account?next=" + encodeURIComponent(location.pathname);
    show($("signin-needed"), true);
    return;
  }
  show(form, true);
  $("contact-email").value = store.email || "";
  $("contact-name").value = sessionStorage.getItem("lpx.name") || "";
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const button = $("book");
    button.disabled = true;
    $("book-error").textContent = "";
    try {
      const booking = await api("POST", "/v1/bookings", {
        lines: [{ offering_id: form.dataset.offering, quantity: Number($("quantity").value) }],
        contact: { name: $("contact-name").value, email: $("contact-email").value },
        currency: $("currency").value,
      }, { idempotencyKey: newKey() });
      const checkout = await api("POST", "/v1/bookings/" + booking.id + "/checkout", {}, { idempotencyKey: "checkout-" + booking.id });
      location.assign(checkout.checkout_url);
    } catch (e) {
      $("book-error").textContent = e.status === 401 ? "Please sign in again." : e.message;
      button.disabled = false;
    }
  });
}

function lineSummary(b) {
  return (b.lines || []).map((l) => l.quantity + " × " + l.name).join(", ");
}

async function setupBookingView() {
  const view = $("booking-view");
  if (!view) return;
  if (!store.access) { location.assign("/account?next=" + encodeURIComponent(location.pathname + location.search)); return; }
  const paid = new URLSearchParams(location.search).get("paid") === "1";
  const started = Date.now();
  const load = async () => {
    try {
      const b = await api("GET", "/v1/bookings/" + view.dataset.booking);
      $("booking-status").textContent = b.status;
      $("booking-status").dataset.status = b.status;
      $("booking-lines").textContent = lineSummary(b) + " — " + money(b.total_minor, b.currency);
      if (paid && b.status === "held" && Date.now() - started < 60000) setTimeout(load, 1000);
    } catch (e) { $("booking-error").textContent = e.message; }
  };
  load();
}

async function setupMyBookings() {
  const table = $("my-bookings");
  if (!table) return;
  if (!store.access) { location.assign("/account?next=/my-bookings"); return; }
  try {
    const page = await api("GET", "/v1/bookings?limit=50");
    const body = table.querySelector("tbody");
    for (const b of page.items) {
      const tr = document.createElement("tr");
      tr.dataset.booking = b.id;
      const cells = [null, lineSummary(b), money(b.total_minor, b.currency), b.status, (b.created_at || "").slice(0, 10)];
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        if (i === 0) {
          const a = document.createElement("a");
          a.href = "/bookings/" + b.id;
          a.textContent = b.id;
          td.appendChild(a);
        } else {
          td.textContent = text;
        }
        if (i === 3) { td.className = "status"; td.dataset.status = b.status; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    show(table, page.items.length > 0);
    show($("no-bookings"), page.items.length === 0);
  } catch (e) { $("bookings-error").textContent = e.message; }
}

function setupAvailability() {
  const cells = document.querySelectorAll("[data-availability]");
  if (!cells.length) return;
  const refresh = async () => {
    for (const cell of cells) {
      try {
        const a = await api("GET", "/v1/catalog/offerings/" + cell.dataset.availability + "/availability");
        cell.textContent = a.bookable_units.toLocaleString("en") + " left";
      } catch (e) { /* keep the last figure */ }
    }
  };
  setInterval(refresh, 15000);
}

document.addEventListener("DOMContentLoaded", () => {
  setupNav();
  setupAccount();
  setupBooking();
  setupBookingView();
  setupMyBookings();
  setupAvailability();
});
