// Asks before destructive actions; without JavaScript the action simply proceeds.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var message = form && form.getAttribute && form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) event.preventDefault();
});

// Live counts on a running cycle's page without reloading it; without JavaScript, reload.
document.addEventListener('DOMContentLoaded', function () {
  var section = document.querySelector('[data-live="true"]');
  if (!section || !section.id) return;
  setInterval(function () {
    fetch(window.location.href, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById(section.id);
        if (next) section.innerHTML = next.innerHTML;
      })
      .catch(function () {});
  }, 10000);
});
