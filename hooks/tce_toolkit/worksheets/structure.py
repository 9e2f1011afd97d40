"""What a merged PDF keeps besides its pages: the tags (structure tree) and the form fields of its parts.

Copying a page copies what it refers to (its annotations, a form field's widget among them) but
neither the document's structure tree, which screen readers read, nor its list of form fields.
`merge_structure` gives the merged PDF both, from every tagged part:

- one `Document` structure element holding each part's own top elements (a part's `Document` becomes
  a `Part`), in page order;
- the parent tree (which structure elements each page's marked content and each annotation belong
  to) renumbered, each part's numbers moved past the ones before, and the pages' `StructParents` and
  annotations' `StructParent` keys moved with them;
- an AcroForm listing every field widget of every page, each under a name no other field has, with
  the parts' default resources (Helvetica, `forms`) and default appearance, so a reader can draw what
  is typed in.

A part's structure tree is copied in one go with `Pdf.copy_foreign`, which shares its table of what
it copied from that part with the page copies made before: a structure element's page (`/Pg`), its
annotations (`/Obj`) and its parent (`/P`) point at the copies already made.
"""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name


def _numbers(tree: pikepdf.Object | None) -> list[tuple[int, pikepdf.Object]]:
    """The (key, value) pairs of a number tree, leaves and kids alike."""
    if not isinstance(tree, Dictionary):
        return []
    pairs: list[tuple[int, pikepdf.Object]] = []
    nums = tree.get(Name.Nums)
    if isinstance(nums, Array):
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in tree.get(Name.Kids, ()):
        pairs += _numbers(kid)
    return pairs


def copy_object(pdf: pikepdf.Pdf, source: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """`value`, from `source`, for `pdf`: an object of its own copied with what it refers to.

    `copy_foreign` takes objects of their own only: a direct value (a string, a small dictionary) is
    first made one in its own PDF, which is only read from then on.
    """
    if not value.is_indirect:
        if not isinstance(value, Dictionary | Array):
            return value  # a name, a string, a number: nothing it refers to
        value = source.make_indirect(value)
    return pdf.copy_foreign(value)


def merge_structure(pdf: pikepdf.Pdf, sources: Sequence[tuple[pikepdf.Pdf, range]]) -> None:
    """Tags and form fields for `pdf`, from each source whose pages are copied to `pdf.pages[range]`."""
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    # Gathered as Python lists and made arrays once: growing a pikepdf Array item by item costs
    # time in proportion to its length each time.
    tops: list[pikepdf.Object] = []
    nums: list[int | pikepdf.Object] = []
    namespaces = None
    offset = 0
    fonts = Dictionary()
    appearance = None
    for source, pages in sources:
        form = source.Root.get(Name.AcroForm)
        if isinstance(form, Dictionary):
            resources = form.get(Name.DR)
            source_fonts = resources.get(Name.Font) if isinstance(resources, Dictionary) else None
            for name in source_fonts.keys() if isinstance(source_fonts, Dictionary) else ():
                if name not in fonts:  # the same name in every sheet (`forms.FIELD_FONT`): one copy
                    fonts[name] = copy_object(pdf, source, source_fonts.get(name))
            appearance = appearance if appearance is not None else form.get(Name.DA)
        root = source.Root.get(Name.StructTreeRoot)
        if not isinstance(root, Dictionary):
            continue
        root = pdf.copy_foreign(root)
        if namespaces is None and Name.Namespaces in root:
            namespaces = root.Namespaces
        kids = root.get(Name.K)
        for kid in kids if isinstance(kids, Array) else ([kids] if kids is not None else []):
            element = kid if kid.is_indirect else pdf.make_indirect(kid)
            if element.get(Name.S) == Name.Document:
                element.S = Name.Part
            element.P = document  # its kids' /P already name the copy of it
            tops.append(element)
        pairs = _numbers(root.get(Name.ParentTree))
        for key, value in pairs:
            nums += [key + offset, value]
        if offset:
            for index in pages:
                page = pdf.pages[index].obj
                if Name.StructParents in page:
                    page.StructParents = int(page.StructParents) + offset
                for annotation in page.get(Name.Annots, ()):
                    if Name.StructParent in annotation:
                        annotation.StructParent = int(annotation.StructParent) + offset
        next_key = root.get(Name.ParentTreeNextKey)
        offset += int(next_key) if next_key is not None else (max((k for k, _ in pairs), default=-1) + 1)
    if tops:
        document.K = Array(tops)
        tree = Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=pdf.make_indirect(Dictionary(Nums=Array(nums))),
            ParentTreeNextKey=offset,
        )
        if namespaces is not None:
            tree.Namespaces = namespaces
        tree = pdf.make_indirect(tree)
        document.P = tree
        pdf.Root.StructTreeRoot = tree
        pdf.Root.MarkInfo = Dictionary(Marked=True)
    _add_fields(pdf, fonts, appearance)


def _add_fields(pdf: pikepdf.Pdf, fonts: Dictionary, appearance: pikepdf.Object | None) -> None:
    """List every page's field widgets in the AcroForm, so readers offer them as a form.

    Two fields of one name are one field to a reader (typing in one fills the other): a name met
    again, as when one sheet is in a pack twice, becomes `<name>-2`, `<name>-3`...
    """
    fields: list[pikepdf.Object] = []
    names: set[str] = set()
    for page in pdf.pages:
        for widget in page.obj.get(Name.Annots, ()):
            if widget.get(Name.Subtype) != Name.Widget or (Name.T not in widget and Name.FT not in widget):
                continue
            if Name.T in widget:
                base = name = str(widget.T)
                number = 1
                while name in names:
                    number += 1
                    name = f"{base}-{number}"
                if number > 1:
                    widget.T = pikepdf.String(name)
                names.add(name)
            fields.append(widget if widget.is_indirect else pdf.make_indirect(widget))
    if not fields:
        return
    form = Dictionary(Fields=Array(fields), NeedAppearances=True)
    if len(fonts):
        form.DR = Dictionary(Font=fonts)
    if appearance is not None:
        form.DA = appearance
    pdf.Root.AcroForm = pdf.make_indirect(form)
