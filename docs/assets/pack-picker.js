/* The pack picker of the worksheets catalogue (overrides/fragments/tce/worksheets-catalogue.html).
 *
 * The page works without this file: the form starts hidden and the complete packs are plain links. This
 * file shows the form and, when it is sent, fetches the sheet PDFs of the ticked parts on the chosen paper
 * and edition (the addresses are in each box's data attributes), puts them together in part order and
 * hands the one PDF over as a download. The PDF library (vendor/pdf-lib.min.js beside this file, from
 * `make vendor`) is loaded only then, so no other page pays for it, and nothing is asked of another site.
 *
 * The pack keeps what the sheets have: every writing space stays a form field (the fields are listed in
 * the pack's own AcroForm), the tags of each sheet stay in one structure tree, and each part gets a
 * bookmark. The facilitator's edition opens with a session plan of the chosen parts, drawn here from the
 * facts the build writes beside the PDFs (the form's data-plan) and tagged as the sheets are. Material's
 * instant navigation runs the file again each time it swaps the page in, so it sets up only forms it has
 * not set up before. */
(function () {
  "use strict";

  const own = document.currentScript || document.querySelector("script[src$='pack-picker.js']");
  const LIBRARY_URL = new URL("vendor/pdf-lib.min.js", own && own.src ? own.src : document.baseURI).href;

  const PAPERS = { a4: "A4", letter: "Letter" };

  /* ---- what the trainer chose ------------------------------------------------------------------ */

  function checkedValue(form, name, fallback) {
    const input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : fallback;
  }

  function choice(form) {
    const paper = checkedValue(form, "paper", "a4");
    const facilitator = checkedValue(form, "edition", "participant") === "facilitator";
    const attribute = "data-pdf-" + paper + (facilitator ? "-facilitator" : "");
    const parts = Array.prototype.map
      .call(form.querySelectorAll("input[name='part']:checked"), function (box) {
        return {
          slug: box.value,
          number: Number(box.getAttribute("data-part")),
          title: box.getAttribute("data-title") || box.value,
          url: box.getAttribute(attribute),
        };
      })
      .sort(function (a, b) {
        return a.number - b.number;
      });
    return { paper: paper, facilitator: facilitator, parts: parts };
  }

  /* "2", "2 and 4", "2, 3 and 4" */
  function listing(numbers) {
    if (numbers.length < 2) {
      return numbers.join("");
    }
    return numbers.slice(0, -1).join(", ") + " and " + numbers[numbers.length - 1];
  }

  function siteName() {
    const meta = document.querySelector("meta[property='og:site_name']");
    if (meta && meta.content) {
      return meta.content;
    }
    const parts = document.title.split(" - ");
    return parts[parts.length - 1].trim();
  }

  /* Named "sheets", not "pack": a browser puts the sheets together (after the session plan, in the
     facilitator's edition) but lays out no cover, contents or page numbers, which the packs the build
     and `make pack` make have. Two different files never share a name. */
  function describe(chosen) {
    const numbers = chosen.parts.map(function (part) {
      return part.number;
    });
    const one = numbers.length === 1;
    const kind = chosen.facilitator ? "Facilitator sheets" : "Workshop sheets";
    const name = siteName();
    return {
      fileName:
        (chosen.facilitator ? "facilitator-sheets" : "workshop-sheets") +
        (one ? "-part-" : "-parts-") +
        numbers.join("-") +
        "-" +
        chosen.paper +
        ".pdf",
      title: kind + ": " + (one ? "part " : "parts ") + listing(numbers) + (name ? " \u00b7 " + name : ""),
      subject:
        (chosen.facilitator ? "Facilitator sheets" : "Reflection worksheets") +
        " for " +
        (one ? "part " : "parts ") +
        listing(numbers) +
        (name ? " of " + name : "") +
        ", on " +
        (PAPERS[chosen.paper] || chosen.paper) +
        " paper.",
      site: name,
    };
  }

  /* ---- the PDF library, loaded on the first pack ------------------------------------------------- */

  function loadLibrary() {
    if (window.PDFLib) {
      return Promise.resolve(window.PDFLib);
    }
    return new Promise(function (resolve, reject) {
      let script = document.querySelector("script[data-tce-pdf-lib]");
      if (!script) {
        script = document.createElement("script");
        script.src = LIBRARY_URL;
        script.async = true;
        script.setAttribute("data-tce-pdf-lib", "");
        document.head.appendChild(script);
      }
      script.addEventListener("load", function () {
        if (window.PDFLib) {
          resolve(window.PDFLib);
        } else {
          reject(new Error("the PDF tool did not start"));
        }
      });
      script.addEventListener("error", function () {
        script.remove(); // the next try loads it afresh
        reject(new Error("the PDF tool could not be loaded"));
      });
    });
  }

  function fetchSheet(part) {
    const failed = "the worksheet of part " + part.number + " could not be fetched";
    if (!part.url) {
      return Promise.reject(new Error(failed + " (this page names no such PDF)"));
    }
    return fetch(new URL(part.url, document.baseURI).href).then(
      function (response) {
        if (!response.ok) {
          throw new Error(failed + " (the server answered " + response.status + ")");
        }
        return response.arrayBuffer();
      },
      function () {
        throw new Error(failed + " (are you offline?)");
      }
    );
  }

  /* The facilitator's session plan facts, {"parts": [{slug, part, title, minutes, opening_minutes,
     question_minutes, untimed, key_idea, has_notes}, ...]}, from the address in the form's data-plan.
     `untimed` lists the numbers of a part's questions that have no time although the part has notes. */
  function fetchPlan(form) {
    const failed = "the session plan could not be fetched";
    const address = form.getAttribute("data-plan");
    if (!address) {
      return Promise.reject(new Error(failed + " (this page names none)"));
    }
    return fetch(new URL(address, document.baseURI).href).then(
      function (response) {
        if (!response.ok) {
          throw new Error(failed + " (the server answered " + response.status + ")");
        }
        return response.json().then(
          function (plan) {
            if (!plan || !Array.isArray(plan.parts)) {
              throw new Error("the session plan could not be read");
            }
            return plan;
          },
          function () {
            throw new Error("the session plan could not be read");
          }
        );
      },
      function () {
        throw new Error(failed + " (are you offline?)");
      }
    );
  }

  /* The plan's row of each chosen part, in the chosen (part) order. */
  function planRows(plan, chosen) {
    return chosen.parts.map(function (part) {
      const entry = plan.parts.find(function (each) {
        return each && each.slug === part.slug;
      });
      if (!entry) {
        throw new Error("the session plan does not list part " + part.number + " (reload the page and try again)");
      }
      const whole = function (value) {
        const number = Math.round(Number(value));
        return number > 0 ? number : 0;
      };
      return {
        number: part.number,
        title: String(entry.title || part.title),
        minutes: whole(entry.minutes),
        opening: whole(entry.opening_minutes),
        questions: (Array.isArray(entry.question_minutes) ? entry.question_minutes : []).map(whole),
        untimed: (Array.isArray(entry.untimed) ? entry.untimed : []).map(whole).filter(Boolean),
        keyIdea: String(entry.key_idea || ""),
        hasNotes: entry.has_notes !== false,
      };
    });
  }

  /* ---- the session plan (the facilitator's edition) ---------------------------------------------- */

  const SIZES = { a4: [595.28, 841.89], letter: [612, 792] }; // points
  const MARGIN = 42.52; // 15 mm

  /* Stand-ins for characters the standard fonts' WinAnsi encoding lacks. */
  const STAND_INS = {
    "\u2190": "<-",
    "\u2192": "->",
    "\u2194": "<->",
    "\u21d2": "=>",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "\u2013",
    "\u2015": "\u2014",
    "\u2032": "'",
    "\u2033": '"',
    "\u2044": "/",
    "\u2212": "-",
    "\u2215": "/",
    "\u2248": "~",
    "\u2260": "!=",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
  };

  /* Text the standard fonts can draw: white space made single spaces, and each character WinAnsi lacks
     replaced by a stand-in, by its letter without the accent, or by "?", so drawing never throws. */
  function drawable(charset, text) {
    let out = "";
    Array.from(String(text).normalize("NFC").replace(/\s+/g, " ").trim()).forEach(function (char) {
      if (charset.has(char.codePointAt(0))) {
        out += char;
      } else if (Object.prototype.hasOwnProperty.call(STAND_INS, char)) {
        out += STAND_INS[char];
      } else {
        const bare = char.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
        const plain = bare !== char && Array.from(bare).every(function (c) {
          return charset.has(c.codePointAt(0));
        });
        out += plain ? bare : "?";
      }
    });
    return out;
  }

  /* The lines of a text in a width, broken between words (inside a word only when it is wider). */
  function wrap(text, font, size, width) {
    const lines = [];
    let line = "";
    text.split(" ").forEach(function (word) {
      if (!word) {
        return;
      }
      const longer = line ? line + " " + word : word;
      if (font.widthOfTextAtSize(longer, size) <= width) {
        line = longer;
        return;
      }
      if (line) {
        lines.push(line);
      }
      let rest = word;
      while (rest.length > 1 && font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) {
          cut -= 1;
        }
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    });
    if (line) {
      lines.push(line);
    }
    return lines;
  }

  /* 0:00, 1:29 */
  function clock(minutes) {
    return Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0");
  }

  function timings(row) {
    if (!row.hasNotes) {
      return "No facilitator notes yet: plan your own timing.";
    }
    const items = row.opening ? ["Opening " + row.opening + " min"] : [];
    row.questions.forEach(function (minutes, at) {
      if (minutes) {
        items.push("Q" + (at + 1) + " " + minutes + " min");
      }
    });
    if (row.untimed.length) {
      items.push("not timed: Q" + row.untimed.join(", Q"));
    }
    return items.join(" \u00b7 ");
  }

  /* The session plan, drawn on new pages at the end of `doc` (made before any sheet is added, so first)
     in Helvetica and Helvetica-Bold, the standard fonts every reader has: nothing is embedded.

     Tagged as the sheets are. Every text run is marked content (BDC with its MCID ... EMC) owned by a
     structure element; rules, the running head of a second page and page numbers are artifacts. The
     structure, a Part put first in the pack's Document:
       Part "Session plan"
         H1 "Session plan"
         P  "Parts 2, 3 and 4 · about 132 minutes in all, breaks not included; 2 questions with no
             time are not counted" (the count only when a part with notes has questions without a time)
         Table
           TR  TH Start | TH Part | TH Minutes                 (scope: column)
           TR  TD start time | TD (P title, P key idea, P timings) | TD minutes    one per part
     A table, so a screen reader can tell each figure's column. Every plan page gets the next parent-tree
     key (0, 1, ...) as its /StructParents, and its entry lists the owner of each MCID; a row that runs
     onto the next page points there with marked-content references. Returns the next free key. */
  async function drawPlan(lib, doc, rows, chosen, tree) {
    const N = lib.PDFName.of;
    const context = doc.context;
    const size = SIZES[chosen.paper] || SIZES.a4;
    const regular = await doc.embedFont(lib.StandardFonts.Helvetica);
    const bold = await doc.embedFont(lib.StandardFonts.HelveticaBold);
    const charset = new Set(regular.getCharacterSet());
    const ink = lib.rgb(0.1, 0.1, 0.1);
    const soft = lib.rgb(0.24, 0.24, 0.24);
    const grey = lib.rgb(0.6, 0.6, 0.6); // the rules between rows
    const left = MARGIN;
    const right = size[0] - MARGIN;
    const top = size[1] - MARGIN;
    const bottom = MARGIN + 16; // room for the page numbers
    const partX = left + 50;
    const minutesWidth = 58;
    const partWidth = right - minutesWidth - 10 - partX;
    const pages = [];
    let sheet = null;
    let y = top;

    function operator(name, args) {
      return lib.PDFOperator.of(name, args || []);
    }

    function newPage() {
      const page = doc.addPage(size);
      page.node.set(N("StructParents"), lib.PDFNumber.of(tree.nextKey + pages.length));
      page.node.set(N("Tabs"), N("S"));
      sheet = { page: page, key: tree.nextKey + pages.length, owners: [] };
      pages.push(sheet);
      y = top;
    }

    function element(type, parent, extra) {
      const dict = context.obj({ Type: "StructElem", S: type, P: parent.ref, Pg: sheet.page.ref, K: [] });
      Object.keys(extra || {}).forEach(function (key) {
        dict.set(N(key), extra[key]);
      });
      const made = { dict: dict, ref: context.register(dict), sheet: sheet };
      parent.dict.lookup(N("K"), lib.PDFArray).push(made.ref);
      return made;
    }

    function marked(tag, properties, draw) {
      sheet.page.pushOperators(operator(lib.PDFOperatorNames.BeginMarkedContentSequence, [N(tag), properties]));
      draw();
      sheet.page.pushOperators(operator(lib.PDFOperatorNames.EndMarkedContent));
    }

    function artifact(type, draw) {
      marked("Artifact", context.obj({ Type: type }), draw);
    }

    /* One run of text at baseline `base`, owned by `owner`. */
    function text(owner, tag, words, x, base, font, fontSize, color) {
      const mcid = sheet.owners.length;
      sheet.owners.push(owner.ref);
      marked(tag, context.obj({ MCID: mcid }), function () {
        sheet.page.drawText(words, { x: x, y: base, font: font, size: fontSize, color: color });
      });
      owner.dict
        .lookup(N("K"), lib.PDFArray)
        .push(
          owner.sheet === sheet
            ? lib.PDFNumber.of(mcid)
            : context.obj({ Type: "MCR", Pg: sheet.page.ref, MCID: mcid })
        );
    }

    function baseline(fontSize, leading) {
      return y - (leading - fontSize) / 2 - fontSize * 0.8;
    }

    function rule(at) {
      artifact("Layout", function () {
        sheet.page.drawLine({ start: { x: left, y: at }, end: { x: right, y: at }, thickness: 0.5, color: grey });
      });
    }

    const HEAD = ["Start", "Part", "Minutes"];
    function headings(draw) {
      const base = baseline(8.5, 12);
      draw(HEAD[0], left, base);
      draw(HEAD[1], partX, base);
      draw(HEAD[2], right - bold.widthOfTextAtSize(HEAD[2], 8.5), base);
      y -= 12 + 3;
    }

    /* A page after the first: a running head and the column headings, as artifacts. */
    function continuePage() {
      newPage();
      artifact("Pagination", function () {
        const base = baseline(12, 16);
        sheet.page.drawText("Session plan (continued)", { x: left, y: base, font: bold, size: 12, color: ink });
      });
      y -= 16 + 8;
      artifact("Pagination", function () {
        headings(function (words, x, base) {
          sheet.page.drawText(words, { x: x, y: base, font: bold, size: 8.5, color: ink });
        });
      });
      rule(y);
      y -= 2;
    }

    newPage();
    const part = element("Part", tree.document, { T: textString(lib, "Session plan") });

    const h1 = element("H1", part);
    text(h1, "H1", "Session plan", left, baseline(22, 28), bold, 22, ink);
    y -= 28 + 4;

    const total = rows.reduce(function (sum, row) {
      return sum + row.minutes;
    }, 0);
    const numbers = rows.map(function (row) {
      return row.number;
    });
    const untimed = rows.some(function (row) {
      return !row.minutes;
    });
    // Questions of parts with notes that have no time: the total leaves them out, and says how many.
    const uncounted = rows.reduce(function (sum, row) {
      return sum + row.untimed.length;
    }, 0);
    const summary =
      (numbers.length === 1 ? "Part " : "Parts ") +
      listing(numbers) +
      " \u00b7 " +
      (total
        ? "about " +
          total +
          " minutes" +
          (numbers.length === 1 ? "" : " in all") +
          (untimed ? ", breaks and parts without timings not included" : ", breaks not included") +
          (uncounted
            ? "; " + uncounted + (uncounted === 1 ? " question with no time is" : " questions with no time are") +
              " not counted"
            : "")
        : "no timings yet: plan your own");
    const about = element("P", part);
    wrap(drawable(charset, summary), regular, 11, right - left).forEach(function (words, at, all) {
      text(about, "P", words + (at < all.length - 1 ? " " : ""), left, baseline(11, 15), regular, 11, ink);
      y -= 15;
    });
    y -= 12;

    const table = element("Table", part);
    const head = element("TR", table);
    const scope = context.obj({ O: "Table", Scope: "Column" });
    headings(function (words, x, base) {
      text(element("TH", head, { A: scope }), "TH", words, x, base, bold, 8.5, ink);
    });
    rule(y);
    y -= 2;

    let start = 0;
    rows.forEach(function (row) {
      const title = wrap(drawable(charset, "Part " + row.number + ": " + row.title), bold, 11, partWidth);
      const idea = wrap(drawable(charset, row.keyIdea), regular, 10, partWidth);
      const times = wrap(drawable(charset, timings(row)), regular, 8.5, partWidth);
      // Each line of the part's cell, with its paragraph and look; the first line also has the start time
      // and the minutes. A paragraph after the title starts a little lower (its gap).
      const lines = [];
      function add(cell, words, style) {
        words.forEach(function (each, at) {
          lines.push({
            cell: cell,
            words: each + (at < words.length - 1 ? " " : ""), // a space where the line breaks, for reading
            gap: at === 0 && cell !== "title" ? 3 : 0,
            style: style,
          });
        });
      }
      add("title", title, { height: 15, size: 11, font: bold, color: ink });
      add("idea", idea, { height: 13.5, size: 10, font: regular, color: ink });
      add("times", times, { height: 11.5, size: 8.5, font: regular, color: soft });
      const pad = 7;
      const height = lines.reduce(function (sum, each) {
        return sum + each.style.height + each.gap;
      }, 2 * pad);
      if (y - height < bottom && sheet.owners.length > 0) {
        continuePage();
      }
      const tr = element("TR", table);
      const startCell = element("TD", tr);
      const partCell = element("TD", tr);
      const minutesCell = element("TD", tr, row.minutes ? {} : { Alt: textString(lib, "no time set") });
      const paragraphs = { title: element("P", partCell), idea: null, times: null };
      y -= pad;
      lines.forEach(function (each, at) {
        if (y - each.style.height - each.gap < bottom) {
          continuePage(); // a part longer than a page goes on over the next
        } else {
          y -= each.gap;
        }
        if (!paragraphs[each.cell]) {
          paragraphs[each.cell] = element("P", partCell);
        }
        const style = each.style;
        const base = baseline(style.size, style.height);
        if (at === 0) {
          text(startCell, "TD", clock(start), left, base, bold, 11, ink);
        }
        text(paragraphs[each.cell], "P", each.words, partX, base, style.font, style.size, style.color);
        if (at === 0) {
          const minutes = row.minutes ? row.minutes + " min" : "\u2013";
          text(minutesCell, "TD", minutes, right - bold.widthOfTextAtSize(minutes, 11), base, bold, 11, ink);
        }
        y -= style.height;
      });
      y -= pad;
      rule(y);
      start += row.minutes;
    });

    if (pages.length > 1) {
      pages.forEach(function (each, at) {
        sheet = each;
        const words = "Session plan \u00b7 page " + (at + 1) + " of " + pages.length;
        artifact("Pagination", function () {
          each.page.drawText(words, {
            x: right - regular.widthOfTextAtSize(words, 8.5),
            y: MARGIN,
            font: regular,
            size: 8.5,
            color: soft,
          });
        });
      });
    }

    pages.forEach(function (each) {
      tree.parentTree.push([each.key, context.register(context.obj(each.owners))]);
    });
    tree.bookmarks.push({ title: "Session plan", page: pages[0].page.ref });
    return tree.nextKey + pages.length;
  }

  /* ---- putting the sheets together --------------------------------------------------------------- */

  /* Every [key, value] of a number tree (a structure tree's ParentTree), in key order. */
  function numberTree(lib, node, out) {
    const nums = node.lookup(lib.PDFName.of("Nums"));
    if (nums instanceof lib.PDFArray) {
      for (let index = 0; index + 1 < nums.size(); index += 2) {
        out.push([nums.lookup(index, lib.PDFNumber).asNumber(), nums.get(index + 1)]);
      }
    }
    const kids = node.lookup(lib.PDFName.of("Kids"));
    if (kids instanceof lib.PDFArray) {
      for (let index = 0; index < kids.size(); index += 1) {
        numberTree(lib, kids.lookup(index, lib.PDFDict), out);
      }
    }
    return out;
  }

  /* The names of one resource dictionary added to another, where the other lacks them: the AcroForm's
     default resources (/DR), whose fonts the fields' default appearances (/DA) name. */
  function mergeResources(lib, copier, into, from) {
    from.entries().forEach(function (entry) {
      const key = entry[0];
      const value = from.lookup(key);
      if (value instanceof lib.PDFDict) {
        let target = into.lookup(key);
        if (!(target instanceof lib.PDFDict)) {
          target = into.context.obj({});
          into.set(key, target);
        }
        value.entries().forEach(function (item) {
          if (!target.has(item[0])) {
            target.set(item[0], copier.copy(item[1]));
          }
        });
      } else if (!into.has(key)) {
        into.set(key, copier.copy(entry[1]));
      }
    });
  }

  /* A text string: plain bytes when the text is printable ASCII (every reader shows those), otherwise
     UTF-16 as the PDF format allows. */
  function textString(lib, text) {
    if (!/^[\x20-\x7e]*$/.test(text)) {
      return lib.PDFHexString.fromText(text);
    }
    let hex = "";
    for (let index = 0; index < text.length; index += 1) {
      hex += text.charCodeAt(index).toString(16).padStart(2, "0");
    }
    return lib.PDFHexString.of(hex);
  }

  function shiftNumber(lib, dict, key, offset) {
    const value = dict.lookup(key);
    if (value instanceof lib.PDFNumber) {
      dict.set(key, lib.PDFNumber.of(value.asNumber() + offset));
    }
  }

  async function merge(lib, sheets, chosen, about, plan) {
    const N = lib.PDFName.of;
    const doc = await lib.PDFDocument.create();
    const context = doc.context;
    const acroForm = doc.catalog.getOrCreateAcroForm().dict;
    const fields = acroForm.lookup(N("Fields"), lib.PDFArray);
    const resources = context.obj({});
    const listed = new Set();
    // One structure tree: a Document element with each sheet's own Document element as a Part of it (after
    // the session plan's Part, in the facilitator's edition).
    const structRoot = context.obj({ Type: "StructTreeRoot" });
    const structRootRef = context.register(structRoot);
    const documentElem = context.obj({ Type: "StructElem", S: "Document", P: structRootRef, K: [] });
    const documentRef = context.register(documentElem);
    structRoot.set(N("K"), documentRef);
    const structKids = documentElem.lookup(N("K"), lib.PDFArray);
    const parentTree = [];
    const bookmarks = [];
    let nextKey = 0;
    let tagged = true;
    let author = "";
    if (plan) {
      // The session plan first: its pages take the first parent-tree keys, the sheets' come after them.
      nextKey = await drawPlan(lib, doc, plan, chosen, {
        document: { ref: documentRef, dict: documentElem },
        parentTree: parentTree,
        bookmarks: bookmarks,
        nextKey: nextKey,
      });
    }

    for (let index = 0; index < sheets.length; index += 1) {
      const part = chosen.parts[index];
      const src = await lib.PDFDocument.load(sheets[index], { updateMetadata: false });
      await src.flush();
      author = author || src.getAuthor() || "";
      // One copier per sheet, as copyPages uses, but shared by the pages, the fields, the default
      // resources and the structure tree, so what they share is copied once. Each page's reference is
      // mapped first: a widget's /P and a structure element's /Pg then point at the page in the page
      // tree, not at a second copy of it.
      const copier = lib.PDFObjectCopier.for(src.context, context);
      const pages = src.getPages();
      const refs = pages.map(function (page) {
        const ref = context.nextRef();
        copier.traversedObjects.set(page.ref, ref);
        return ref;
      });
      const srcStructRef = src.catalog.get(N("StructTreeRoot"));
      const srcStruct = src.catalog.lookup(N("StructTreeRoot"));
      if (srcStructRef instanceof lib.PDFRef) {
        copier.traversedObjects.set(srcStructRef, structRootRef);
      }
      const offset = nextKey;

      pages.forEach(function (page, at) {
        const node = copier.copy(page.node);
        context.assign(refs[at], node);
        doc.addPage(lib.PDFPage.of(node, refs[at], doc));
        if (at === 0) {
          bookmarks.push({ title: "Part " + part.number + ": " + part.title, page: refs[at] });
        }
        shiftNumber(lib, node, N("StructParents"), offset);
        const annots = node.lookup(N("Annots"));
        if (!(annots instanceof lib.PDFArray)) {
          return;
        }
        for (let i = 0; i < annots.size(); i += 1) {
          let ref = annots.get(i);
          const annot = context.lookup(ref);
          if (!(annot instanceof lib.PDFDict)) {
            continue;
          }
          shiftNumber(lib, annot, N("StructParent"), offset);
          if (annot.get(N("Subtype")) !== N("Widget")) {
            continue;
          }
          if (!(ref instanceof lib.PDFRef)) {
            ref = context.register(annot);
            annots.set(i, ref);
          }
          // The field a widget belongs to is the widget itself or, up its /Parent chain, the top one.
          let top = ref;
          let dict = annot;
          for (let depth = 0; depth < 32 && dict.get(N("Parent")) instanceof lib.PDFRef; depth += 1) {
            top = dict.get(N("Parent"));
            dict = context.lookup(top, lib.PDFDict);
          }
          if (!listed.has(top.toString())) {
            listed.add(top.toString());
            fields.push(top);
          }
        }
      });

      const srcForm = src.catalog.lookup(N("AcroForm"));
      if (srcForm instanceof lib.PDFDict) {
        const dr = srcForm.lookup(N("DR"));
        if (dr instanceof lib.PDFDict) {
          mergeResources(lib, copier, resources, dr);
        }
        ["DA", "Q"].forEach(function (key) {
          if (srcForm.has(N(key)) && !acroForm.has(N(key))) {
            acroForm.set(N(key), copier.copy(srcForm.get(N(key))));
          }
        });
      }

      if (srcStruct instanceof lib.PDFDict && srcStructRef instanceof lib.PDFRef) {
        const kids = srcStruct.get(N("K"));
        const list = kids instanceof lib.PDFArray ? kids.asArray() : kids ? [kids] : [];
        list.forEach(function (kid) {
          const copied = copier.copy(kid);
          const elem = context.lookup(copied);
          if (elem instanceof lib.PDFDict) {
            if (elem.get(N("S")) === N("Document")) {
              elem.set(N("S"), N("Part"));
              elem.set(N("T"), textString(lib, "Part " + part.number + ": " + part.title));
            }
            elem.set(N("P"), documentRef);
            if (elem.has(N("NS")) && !documentElem.has(N("NS"))) {
              documentElem.set(N("NS"), elem.get(N("NS")));
            }
          }
          structKids.push(copied);
        });
        const tree = srcStruct.lookup(N("ParentTree"));
        const entries = tree instanceof lib.PDFDict ? numberTree(lib, tree, []) : [];
        let last = -1;
        entries.forEach(function (entry) {
          parentTree.push([entry[0] + offset, copier.copy(entry[1])]);
          last = Math.max(last, entry[0]);
        });
        const next = srcStruct.lookup(N("ParentTreeNextKey"));
        nextKey = offset + Math.max(last + 1, next instanceof lib.PDFNumber ? next.asNumber() : 0);
        ["RoleMap", "ClassMap"].forEach(function (key) {
          const map = srcStruct.lookup(N(key));
          if (map instanceof lib.PDFDict) {
            let target = structRoot.lookup(N(key));
            if (!(target instanceof lib.PDFDict)) {
              target = context.obj({});
              structRoot.set(N(key), target);
            }
            map.entries().forEach(function (item) {
              if (!target.has(item[0])) {
                target.set(item[0], copier.copy(item[1]));
              }
            });
          }
        });
        const namespaces = srcStruct.lookup(N("Namespaces"));
        if (namespaces instanceof lib.PDFArray) {
          let target = structRoot.lookup(N("Namespaces"));
          if (!(target instanceof lib.PDFArray)) {
            target = context.obj([]);
            structRoot.set(N("Namespaces"), target);
          }
          namespaces.asArray().forEach(function (item) {
            target.push(copier.copy(item));
          });
        }
      } else {
        tagged = false;
      }
    }

    // The fields stay fillable: the AcroForm lists every field of every sheet, with the sheets' default
    // resources, and asks the reader to draw the fields' appearances itself.
    acroForm.set(N("DR"), resources);
    acroForm.set(N("NeedAppearances"), lib.PDFBool.True);

    if (tagged && structKids.size() > 0) {
      const nums = context.obj([]);
      parentTree.forEach(function (entry) {
        nums.push(lib.PDFNumber.of(entry[0]));
        nums.push(entry[1]);
      });
      structRoot.set(N("ParentTree"), context.register(context.obj({ Nums: nums })));
      structRoot.set(N("ParentTreeNextKey"), lib.PDFNumber.of(nextKey));
      doc.catalog.set(N("StructTreeRoot"), structRootRef);
      doc.catalog.set(N("MarkInfo"), context.obj({ Marked: true }));
    }

    // A bookmark for each part, as the complete packs have.
    if (bookmarks.length) {
      const outlinesRef = context.nextRef();
      const itemRefs = bookmarks.map(function () {
        return context.nextRef();
      });
      bookmarks.forEach(function (mark, at) {
        const item = context.obj({ Title: textString(lib, mark.title), Parent: outlinesRef });
        item.set(N("Dest"), context.obj([mark.page, "Fit"]));
        if (at > 0) {
          item.set(N("Prev"), itemRefs[at - 1]);
        }
        if (at < bookmarks.length - 1) {
          item.set(N("Next"), itemRefs[at + 1]);
        }
        context.assign(itemRefs[at], item);
      });
      context.assign(
        outlinesRef,
        context.obj({
          Type: "Outlines",
          First: itemRefs[0],
          Last: itemRefs[itemRefs.length - 1],
          Count: bookmarks.length,
        })
      );
      doc.catalog.set(N("Outlines"), outlinesRef);
    }

    doc.setTitle(about.title, { showInWindowTitleBar: true });
    doc.setSubject(about.subject);
    if (author) {
      doc.setAuthor(author);
    }
    if (about.site) {
      doc.setCreator(about.site);
    }
    const lang = document.documentElement.getAttribute("lang");
    if (lang) {
      doc.setLanguage(lang);
    }
    const bytes = await doc.save();
    return { bytes: bytes, pages: doc.getPageCount() };
  }

  /* ---- the form ---------------------------------------------------------------------------------- */

  function say(form, text, state) {
    const status = form.querySelector(".tce-pack-picker__status");
    if (status) {
      status.textContent = text;
      if (state) {
        status.setAttribute("data-state", state);
      } else {
        status.removeAttribute("data-state");
      }
    }
  }

  function download(bytes, fileName) {
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  async function make(form) {
    const chosen = choice(form);
    if (!chosen.parts.length) {
      say(form, "Tick at least one part for your pack.", "error");
      const first = form.querySelector("input[name='part']");
      if (first) {
        first.focus();
      }
      return;
    }
    const about = describe(chosen);
    const button = form.querySelector("button[type='submit'], button:not([type])");
    const count = chosen.parts.length;
    const sheets = count === 1 ? "1 worksheet" : count + " worksheets";
    form.setAttribute("aria-busy", "true");
    if (button) {
      button.disabled = true;
    }
    try {
      const wanted = [loadLibrary(), Promise.all(chosen.parts.map(fetchSheet))];
      if (chosen.facilitator) {
        wanted.push(fetchPlan(form));
      }
      const also = chosen.facilitator ? " and the session plan" : "";
      say(form, "Making your pack: fetching " + sheets + also + "\u2026");
      const loaded = await Promise.all(wanted);
      const plan = chosen.facilitator ? planRows(loaded[2], chosen) : null;
      say(form, "Making your pack: putting " + (plan ? "the session plan and " : "") + sheets + " together\u2026");
      const pack = await merge(loaded[0], loaded[1], chosen, about, plan);
      download(pack.bytes, about.fileName);
      say(
        form,
        "Done: " + about.fileName + ", " + pack.pages + (pack.pages === 1 ? " page" : " pages") + ", is downloading.",
        "done"
      );
    } catch (error) {
      say(
        form,
        "Your pack could not be made: " +
          (error && error.message ? error.message : String(error)) +
          ". Try again, or download a complete pack above.",
        "error"
      );
    } finally {
      form.removeAttribute("aria-busy");
      if (button) {
        button.disabled = false;
      }
    }
  }

  function canWork() {
    return (
      typeof window.fetch === "function" &&
      typeof window.Promise === "function" &&
      typeof window.Blob === "function" &&
      typeof URL.createObjectURL === "function" &&
      "download" in document.createElement("a")
    );
  }

  function setUp() {
    if (!canWork()) {
      return; // the form stays hidden; the complete packs are there
    }
    document.querySelectorAll("form[data-tce-pack-picker]").forEach(function (form) {
      if (form.hasAttribute("data-tce-ready")) {
        return;
      }
      form.setAttribute("data-tce-ready", "");
      let busy = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (busy) {
          return;
        }
        busy = true;
        make(form).then(function () {
          busy = false;
        });
      });
      form.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
