"""What a merged PDF keeps besides its pages: the tags (structure tree) and the form fields of its parts.

pypdf copies pages, with their annotations (a form field's widget is one), but neither the document's
structure tree, which screen readers read, nor its list of form fields. `merge_structure` gives the
merged PDF both, from every tagged part:

- one `Document` structure element holding each part's own top elements (a part's `Document` becomes
  a `Part`), in page order, each element's parent set again;
- the parent tree (which structure elements each page's marked content and each annotation belong
  to) renumbered, each part's numbers moved past the ones before, and the pages' `StructParents` and
  annotations' `StructParent` keys moved with them;
- an AcroForm listing every field widget of every page, with the parts' default resources (fonts)
  so a reader can draw what is typed in.

Objects are cloned into the writer with the same source-to-copy table `PdfWriter.add_page` uses, so
a structure element's page (`/Pg`) and annotation references point at the copies already made.
"""

from __future__ import annotations

from collections.abc import Sequence

import pypdf
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
)


def _numbers(tree: PdfObject | None) -> list[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree, leaves and kids alike."""
    if tree is None:
        return []
    tree = tree.get_object()
    pairs: list[tuple[int, PdfObject]] = []
    nums = tree.get("/Nums")
    if nums is not None:
        nums = nums.get_object()
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in tree.get("/Kids", ()):
        pairs += _numbers(kid)
    return pairs


def _set_parents(element: DictionaryObject, parent: IndirectObject) -> None:
    """Give `element` its parent, and its structure-element children theirs, all the way down."""
    element[NameObject("/P")] = parent
    kids = element.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, IndirectObject):
            child = kid.get_object()
            if isinstance(child, DictionaryObject) and "/S" in child:
                _set_parents(child, kid)


def merge_structure(writer: pypdf.PdfWriter, sources: Sequence[tuple[pypdf.PdfReader, range]]) -> None:
    """Tags and form fields for `writer`, from each source reader whose pages are `writer.pages[range]`."""
    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    document_ref = writer._add_object(document)
    tops = ArrayObject()
    nums = ArrayObject()
    namespaces = None
    offset = 0
    fonts = DictionaryObject()
    for reader, pages in sources:
        form = reader.root_object.get("/AcroForm")
        if form is not None:
            resources = form.get_object().get("/DR")
            source_fonts = resources.get_object().get("/Font") if resources is not None else None
            if source_fonts is not None:
                for name, font in source_fonts.get_object().items():
                    fonts.setdefault(NameObject(name), font.clone(writer))
        root = reader.root_object.get("/StructTreeRoot")
        if root is None:
            continue
        root = root.get_object()
        if namespaces is None and "/Namespaces" in root:
            namespaces = root["/Namespaces"].clone(writer, ignore_fields=("/P",))
        kids = root.get("/K")
        kids = kids.get_object() if kids is not None else ArrayObject()
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            copy = kid.clone(writer, ignore_fields=("/P",))
            element = copy.get_object()
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
            _set_parents(element, copy if isinstance(copy, IndirectObject) else writer._add_object(element))
            element[NameObject("/P")] = document_ref
            tops.append(copy)
        pairs = _numbers(root.get("/ParentTree"))
        for key, value in pairs:
            nums += [NumberObject(key + offset), value.clone(writer, ignore_fields=("/P",))]
        for index, source in zip(pages, reader.pages, strict=True):
            page = writer.pages[index]
            # pypdf leaves a page's StructParents out of its copy: take it from the source page.
            if "/StructParents" in source:
                page[NameObject("/StructParents")] = NumberObject(int(source["/StructParents"]) + offset)
            for annotation in page.get("/Annots", ()):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        next_key = root.get("/ParentTreeNextKey")
        offset += int(next_key) if next_key is not None else (max((k for k, _ in pairs), default=-1) + 1)
    if tops:
        document[NameObject("/K")] = tops
        tree = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructTreeRoot"),
                NameObject("/K"): ArrayObject([document_ref]),
                NameObject("/ParentTree"): writer._add_object(DictionaryObject({NameObject("/Nums"): nums})),
                NameObject("/ParentTreeNextKey"): NumberObject(offset),
            }
        )
        if namespaces is not None:
            tree[NameObject("/Namespaces")] = namespaces
        tree_ref = writer._add_object(tree)
        document[NameObject("/P")] = tree_ref
        writer.root_object[NameObject("/StructTreeRoot")] = tree_ref
        writer.root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    _add_fields(writer, fonts)


def _add_fields(writer: pypdf.PdfWriter, fonts: DictionaryObject) -> None:
    """List every page's field widgets in the writer's AcroForm, so readers offer them as a form."""
    fields = ArrayObject()
    for page in writer.pages:
        for annotation in page.get("/Annots", ()):
            widget = annotation.get_object()
            if widget.get("/Subtype") == "/Widget" and ("/T" in widget or "/FT" in widget):
                fields.append(annotation if isinstance(annotation, IndirectObject) else writer._add_object(widget))
    if not fields:
        return
    form = DictionaryObject(
        {
            NameObject("/Fields"): fields,
            NameObject("/NeedAppearances"): BooleanObject(True),
        }
    )
    if fonts:
        form[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): fonts})
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(form)
