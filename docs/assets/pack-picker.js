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
 * bookmark. Material's instant navigation runs the file again each time it swaps the page in, so it sets
 * up only forms it has not set up before. */
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

  function describe(chosen) {
    const numbers = chosen.parts.map(function (part) {
      return part.number;
    });
    const one = numbers.length === 1;
    const kind = chosen.facilitator ? "Facilitator pack" : "Workshop pack";
    const name = siteName();
    return {
      fileName:
        (chosen.facilitator ? "facilitator-pack" : "workshop-pack") +
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

  async function merge(lib, sheets, chosen, about) {
    const N = lib.PDFName.of;
    const doc = await lib.PDFDocument.create();
    const context = doc.context;
    const acroForm = doc.catalog.getOrCreateAcroForm().dict;
    const fields = acroForm.lookup(N("Fields"), lib.PDFArray);
    const resources = context.obj({});
    const listed = new Set();
    // One structure tree: a Document element with each sheet's own Document element as a Part of it.
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
      say(form, "Making your pack: fetching " + sheets + "\u2026");
      const loaded = await Promise.all([loadLibrary(), Promise.all(chosen.parts.map(fetchSheet))]);
      say(form, "Making your pack: putting " + sheets + " together\u2026");
      const pack = await merge(loaded[0], loaded[1], chosen, about);
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
