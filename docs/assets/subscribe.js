/* The "Copy address" buttons of the subscribe page (overrides/fragments/tce/subscribe-page.html).
 *
 * The page works without this file: the buttons start hidden and every address is plain text to select.
 * This file shows the buttons and copies a feed's address when its button is pressed. Material's instant
 * navigation runs the file again each time it swaps the page in, so it sets up only buttons it has not
 * set up before. No other code is loaded. */
(function () {
  "use strict";

  function say(button, text) {
    document.querySelectorAll(".tce-feed__status").forEach(function (status) {
      status.textContent = "";
    });
    var feed = button.closest(".tce-feed");
    var status = feed && feed.querySelector(".tce-feed__status");
    if (status) {
      status.textContent = text;
    }
  }

  /* Without the Clipboard API (a page served over plain HTTP from another machine, an older browser):
     select the address, try the old copy command, and otherwise tell the reader how to copy it. */
  function selectAndCopy(button) {
    var feed = button.closest(".tce-feed");
    var shown = feed && feed.querySelector(".tce-feed__url");
    if (!shown) {
      return;
    }
    var selection = window.getSelection();
    selection.removeAllRanges();
    var range = document.createRange();
    range.selectNodeContents(shown);
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(button, copied ? "Copied: now paste it into your feed reader" : "Address selected: press Ctrl+C (or \u2318C) to copy it");
  }

  function copy(button) {
    var address = button.getAttribute("data-tce-copy");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(
        function () {
          say(button, "Copied: now paste it into your feed reader");
        },
        function () {
          selectAndCopy(button);
        }
      );
    } else {
      selectAndCopy(button);
    }
  }

  function setUp() {
    document.querySelectorAll("button[data-tce-copy]").forEach(function (button) {
      if (button.hasAttribute("data-tce-ready")) {
        return;
      }
      button.setAttribute("data-tce-ready", "");
      button.addEventListener("click", function () {
        copy(button);
      });
      button.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
