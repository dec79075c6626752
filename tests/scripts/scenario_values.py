"""What readers show for a scenario event: its Data fields and Binary, worked out from the YAML
alone (an oracle independent of the C++ loader and writer). Used by the tests that read
synthesised logs back: String values as written, typed values ({type: T, value: V}) in the form
readers show for their type (HexInt32 0x807800A1 -> "0x807800a1", UInt32 -> "2155348129", GUID in
upper case with braces, FILETIME with nine fraction digits, ...), one field per array item, Null
values left out, UserData's leaf elements. Works on documents loaded with yaml.BaseLoader (all
text) and with loaders that turn scalars into numbers or None.
"""
import calendar
import datetime
import re
import struct

EPOCH_1601 = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
WIDTH = {"Int8": 8, "UInt8": 8, "Int16": 16, "UInt16": 16, "Int32": 32, "UInt32": 32, "HexInt32": 32,
         "Int64": 64, "UInt64": 64, "HexInt64": 64, "SizeT": 64}


def integer_bits(text, width):
    value = int(text, 16) if text.lower().startswith("0x") else int(text)
    return value & ((1 << width) - 1)


def real_text(value):
    """libevtx: %e with a three-digit exponent."""
    mantissa, exponent = ("%.6e" % value).split("e")
    return f"{mantissa}e{exponent[0]}{int(exponent[1:]):03d}"


def filetime_text(text):
    if re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)", text):
        ticks = int(text, 0)
    else:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)", text)
        when = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
        offset = 0 if m.group(3) == "Z" else (1 if m.group(3)[0] == "+" else -1) * (
            int(m.group(3)[1:3]) * 3600 + int(m.group(3)[4:6]) * 60)
        seconds = calendar.timegm(when.timetuple()) - offset
        ticks = (seconds + 11644473600) * 10_000_000 + int((m.group(2) or "0")[:7].ljust(7, "0"))
    when = EPOCH_1601 + datetime.timedelta(microseconds=ticks // 10)
    return when.strftime("%Y-%m-%dT%H:%M:%S") + ".%07d00Z" % (ticks % 10_000_000)


def text_of(node):
    """A scalar as the scenario wrote it (loaders that convert give numbers and booleans back)."""
    if isinstance(node, bool):
        return "true" if node else "false"
    return "" if node is None else str(node)


def shown(type_name, text):
    """The text a reader shows for one item `text` of `type_name` (libevtx's forms)."""
    kind = type_name.lower()
    text = text_of(text)
    names = {n.lower(): n for n in WIDTH}
    if kind in names:
        name = names[kind]
        bits = integer_bits(text, WIDTH[name])
        if name.startswith("HexInt"):
            return "0x%0*x" % (WIDTH[name] // 4, bits)
        if name.startswith("Int") and bits >= 1 << (WIDTH[name] - 1):
            return str(bits - (1 << WIDTH[name]))
        return str(bits)
    if kind == "real32":
        return real_text(struct.unpack("<f", struct.pack("<f", float(text)))[0])
    if kind == "real64":
        return real_text(float(text))
    if kind == "boolean":
        return "true" if text.lower() in ("true", "1") else "false"
    if kind == "binary":
        return text.upper()
    if kind == "guid":
        return "{" + text.strip("{}").upper() + "}"
    if kind == "filetime":
        return filetime_text(text)
    if kind == "systemtime":
        m = re.fullmatch(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)(?:\.(\d{1,3}))?Z", text)
        fields = [int(g) for g in m.groups()[:6]] + [int((m.group(7) or "0").ljust(3, "0"))]
        return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % tuple(fields)
    return text  # String, AnsiString, SID


def is_typed(node):
    return isinstance(node, dict) and "type" in node


def items_of(node):
    """(type, [shown texts], array?) of a value node; type "null" has no items."""
    if not is_typed(node):
        return "string", [text_of(node)], False
    type_name = node["type"] or "Null"
    if type_name.lower() == "null":
        return "null", [], False
    if "values" in node:
        return type_name, [shown(type_name, v) for v in node["values"]], True
    return type_name, [shown(type_name, node["value"])], False


def rendered(name, node):
    """The elements a reader renders for element `name` with content `node`:
    [(name, attributes, text, children)], none for a Null value, one per array item."""
    attributes, text, children, value = {}, "", [], None
    if isinstance(node, dict) and not is_typed(node):
        for key, member in node.items():
            if key.startswith("@"):
                _, items, _ = items_of(member) if is_typed(member) else ("string", [text_of(member)], False)
                if items:
                    attributes[key[1:]] = items[0]
            elif key == "#text":
                text = text_of(member)
            elif key == "#value":
                value = member
            elif key == "#children":
                for item in member:
                    for child_name, child in item.items():
                        for one in child if isinstance(child, list) else [child]:
                            children.extend(rendered(child_name, one))
            else:
                for item in member if isinstance(member, list) else [member]:
                    children.extend(rendered(key, item))
    else:
        value = node
    if value is None:
        return [(name, attributes, text, children)]
    type_name, items, array = items_of(value)
    if type_name == "null":
        return []
    if array and not items:
        return [(name, attributes, text, children)]
    return [(name, attributes, text + item, children) for item in items]


def leaves(element, out):
    for child in element[3]:
        if child[3]:
            leaves(child, out)
        else:
            out.append((child[0], child[2]))


def as_parsed(text):
    """XML parsers turn CR LF (and a lone CR) into LF, and readers keep no text that is only white
    space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip(" \t\n") else ""


def expected_fields(event):
    """([(Data name, or None for an unnamed Data; value)], binary hex) a reader shows for the event."""
    if "user_data" in event:
        out = []
        for root in rendered("UserData", event["user_data"]):
            for child in root[3]:
                leaves(child, out)
        return [(name, as_parsed(value)) for name, value in out], ""
    if "event_data" in event:
        root_children = rendered("EventData", event["event_data"])[0][3]
    else:
        data = event.get("data") or {}
        pairs = data.items() if isinstance(data, dict) else [(None, v) for v in data]
        root_children = []
        for name, value in pairs:
            root_children.extend(("Data", {"Name": name} if name is not None else {}, t, c)
                                 for _, _, t, c in rendered("Data", value))
        if event.get("binary"):
            root_children.append(("Binary", {}, text_of(event["binary"]), []))
    out, binary = [], ""
    for name, attributes, text, _ in root_children:
        if name == "Data":
            out.append((attributes.get("Name"), as_parsed(text)))
        elif name == "Binary":
            binary += text.upper()
    return out, binary


def local(name):
    return name.rsplit(":", 1)[-1]


def payload_fields(event):
    """([(name, value)], binary hex) of Event::data as dump shows it: every element
    text and every attribute under the payload root, in document order - attributes before
    their element's text, xmlns declarations left out, EventData's Data named by its Name
    attribute (that attribute is no value) or its position among the Data elements, any other
    element after its local name, an attribute after itself. Text is kept as written (line ends,
    spaces); text made only of white space is indentation when child elements follow. An element
    with neither text, children nor value attributes gives an empty value. EventData's Binary is
    the binary hex."""
    if "user_data" in event:
        roots = rendered("UserData", event["user_data"])
    elif "event_data" in event:
        roots = rendered("EventData", event["event_data"])
    else:
        data = event.get("data") or {}
        pairs = data.items() if isinstance(data, dict) else [(None, v) for v in data]
        children = []
        for name, value in pairs:
            children.extend(("Data", {"Name": name} if name is not None else {}, t, c)
                            for _, _, t, c in rendered("Data", value))
        if event.get("binary"):
            children.append(("Binary", {}, text_of(event["binary"]), []))
        roots = [("EventData", {}, "", children)]
    out, binary = [], []

    def element(node, field_name, item):
        name, attributes, text, children = node
        has_value_attributes = False
        for key, value in attributes.items():
            if key == "xmlns" or key.startswith("xmlns:") or (item and key == "Name"):
                continue
            has_value_attributes = True
            out.append((key, value))
        if text and not (children and not text.strip(" \t\r\n")):
            out.append((field_name, text))
        elif not text and not children and (item or not has_value_attributes):
            out.append((field_name, ""))
        return children

    for root in roots:
        is_event_data = local(root[0]) == "EventData"
        name, attributes, text, children = root
        for key, value in attributes.items():
            if not (key == "xmlns" or key.startswith("xmlns:")):
                out.append((key, value))
        if text and not (children and not text.strip(" \t\r\n")):
            out.append((local(name), text))
        position = 0

        def walk(node, item, field_name):
            for child in element(node, field_name, item):
                walk(child, False, local(child[0]))

        for child in children:
            child_local = local(child[0])
            if is_event_data and child_local == "Binary":
                binary.append(child[2].upper())
                continue
            if is_event_data:
                if child_local == "Data":
                    position += 1
                field_name = child[1].get("Name") or (str(position) if child_local == "Data" else child_local)
                walk(child, True, field_name)
            else:
                walk(child, False, child_local)
    return out, "".join(binary)


def is_plain(event):
    """True when the event uses no typed value and no user_data/event_data tree."""
    if "user_data" in event or "event_data" in event:
        return False
    data = event.get("data") or {}
    return not any(is_typed(v) for v in (data.values() if isinstance(data, dict) else data))
