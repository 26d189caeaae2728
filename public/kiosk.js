// The shared survey device: nothing one person answered may be seen by the next.
// Pages are served with Cache-Control: no-store and forms with autocomplete="off"; this adds
// what only the page itself can do.
(function () {
  'use strict';
  var form = document.querySelector('form[data-kiosk-form]');
  if (form) {
    // Leaving the survey (sending it, or any navigation) clears the answers from this page, so
    // a page kept in the back/forward cache holds none.
    window.addEventListener('pagehide', function () {
      Array.prototype.forEach.call(form.querySelectorAll('input, textarea'), function (el) {
        if (el.type === 'radio' || el.type === 'checkbox') {
          el.checked = false;
          el.removeAttribute('checked');
        } else if (el.type !== 'hidden') {
          el.value = '';
          el.textContent = '';
        }
      });
    });
  }
  // A page brought back from the back/forward cache (the Back button) starts over instead.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) window.location.replace('/kiosk');
  });
  // The entry page: Back and Forward stay on it rather than return to an earlier survey page.
  if (!form && window.history && window.history.replaceState) {
    window.history.replaceState(null, '', '/kiosk');
  }
})();
