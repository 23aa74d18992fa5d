// Back office progressive enhancement: everything works without it (the server checks
// every form); with it, the milestone schedule shows its sum as it is typed.
(function () {
  "use strict";
  const schedule = document.getElementById("schedule");
  if (!schedule) return;
  const out = document.getElementById("schedule-sum");
  const ok = out.dataset.ok, bad = out.dataset.bad;
  function check() {
    let total = 0;
    schedule.querySelectorAll("input[name=percent]").forEach((input) => {
      const text = input.value.trim();
      if (!text) return;
      // Hundredths of a percent as integers: "12.5" -> 1250 (never a float sum).
      const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
      total += m ? Number(m[1]) * 100 + Number((m[2] || "").padEnd(2, "0")) : NaN;
    });
    const whole = Math.floor(total / 100), frac = String(total % 100).padStart(2, "0");
    const shown = Number.isNaN(total) ? "?" : `${whole}.${frac}`;
    const good = total === 10000;
    out.textContent = (good ? ok : bad).replace("{sum}", shown);
    out.className = good ? "sum-ok" : "sum-bad";
  }
  schedule.addEventListener("input", check);
  check();
})();
