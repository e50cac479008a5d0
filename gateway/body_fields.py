"""Refusing unknown JSON body fields, which Envoy's transcoder would silently drop.

`grpc_json_transcoder` ignores a JSON body key its request message does not define
(envoyproxy/envoy#46623: no option to refuse it), so `{"is_admin": true}` in a sign-up
would pass as if it were not there. The gateway refuses such a request with 400
(INVALID_ARGUMENT) naming the key, before any service sees it, with two small Lua filters
around the transcoder:

1. `body_keys`, before the transcoder, reads the top-level keys of the JSON body (it
   buffers the body, which the transcoder does anyway) and leaves them in the request's
   dynamic metadata. It cannot tell which method a REST path is: that is the
   transcoder's job.
2. `body_fields`, after the transcoder (and after authentication), knows the method from
   the gRPC path the transcoder wrote and compares the keys with the fields of the
   message the body is (`BodyMessage`), a table generated here from the descriptor set.

So the gateway needs no copy of the transcoder's path matching (trailing slashes, custom
verbs, `{var=**}`) nor of its idea of a JSON request (it reads any content type but gRPC):
whatever REST request the transcoder maps onto a method is checked against that method.
Both filters are off by default; the REST route of requests whose HTTP method some
body-carrying rule uses turns them on (gateway.envoy_routes._rest_routes). GET requests and gRPC
clients never run them.

What is checked: the top level of the body only. Nested messages are not (their unknown
keys are still dropped), and `google.protobuf.Struct` fields such as an organization's
`settings` are free-form by design. Not checked at all: bodies that are not a message of
ours (a `google.protobuf.*` type, a map, a repeated or scalar field, `google.api.HttpBody`)
and client-streaming methods. A method whose bindings map the body to different messages
accepts the keys of any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf import descriptor_pb2

from gateway import descriptors

F = descriptor_pb2.FieldDescriptorProto

# Where body_keys leaves the keys for body_fields (the request's dynamic metadata).
NAMESPACE = "keel.body_fields"
# Bodies the transcoder does not read as a message of ours: nothing to check.
FREE_FORM_PREFIXES = ("google.protobuf.", "google.api.HttpBody")


@dataclass(frozen=True)
class BodyMessage:
    """What the JSON body of one method is, and the top-level keys it may have."""

    message: str  # full name of the message the body is, e.g. keel.identity.v1.SignupRequest
    # Proto field names and their lowerCamelCase JSON names: the transcoder takes both.
    keys: frozenset[str]


@dataclass(frozen=True)
class BodyCheck:
    """The checked methods' bodies, and the HTTP methods that may carry one."""

    # gRPC path (`/package.Service/Method`) → the method's body.
    bodies: dict[str, BodyMessage]
    verbs: tuple[str, ...]  # of the checked bindings, sorted: ("PATCH", "POST")


def body_check(file_set: descriptor_pb2.FileDescriptorSet) -> BodyCheck:
    """What the gateway checks: every method of a `keel.*` service with a `google.api.http`
    rule (or additional binding) that has a body, when the body is a message of ours.

    Fields bound from the path are allowed in the body too: the transcoder itself refuses
    a body that contradicts the path.
    """
    messages = descriptors.messages(file_set)
    bodies: dict[str, BodyMessage] = {}
    verbs: set[str] = set()
    for service, methods in descriptors.exposed_services(file_set):
        for method in methods:
            if method.client_streaming:
                continue
            with_body = [b for b in descriptors.bindings(method) if b.body]
            request = method.input_type.lstrip(".")
            targets = {_body_message(messages, request, b.body) for b in with_body}
            if not targets or None in targets:
                continue
            names = sorted(t for t in targets if t is not None)
            keys = frozenset(k for name in names for k in _keys(messages[name]))
            bodies[f"/{service}/{method.name}"] = BodyMessage(" or ".join(names), keys)
            verbs.update(descriptors.verb_and_path(b)[0] for b in with_body)
    return BodyCheck(bodies, tuple(sorted(verbs)))


def _body_message(messages: descriptors.Messages, request: str, body: str) -> str | None:
    """The message a rule's body is (`*`: the request; else the named field's), or None
    when it is not one of ours with fields to check."""
    name = request
    if body != "*":
        _, field = descriptors.field_at(messages, request, body)
        if field.type != F.TYPE_MESSAGE or field.label == F.LABEL_REPEATED:
            return None  # a scalar, a list or a map: no top-level keys of ours
        name = field.type_name.lstrip(".")
    if name.startswith(FREE_FORM_PREFIXES):
        return None
    if name not in messages:
        raise ValueError(f"{name}: not in the descriptor set (google.api.http body)")
    return name


def _keys(message: descriptor_pb2.DescriptorProto) -> set[str]:
    keys = set()
    for field in message.field:
        keys.add(field.name)
        keys.add(field.json_name if field.HasField("json_name") else json_name(field.name))
    return keys


def json_name(name: str) -> str:
    """protoc's default JSON name of a field: `display_name` → `displayName`."""
    out, upper = [], False
    for char in name:
        if char == "_":
            upper = True
        elif upper:
            out.append(char.upper())
            upper = False
        else:
            out.append(char)
    return "".join(out)


# --- the Lua filters ----------------------------------------------------------------------

# Stage 1, before the transcoder. A scanner, not a parser: it follows strings (double- and
# single-quoted, escapes included) and nesting, and notes each key of the outermost object,
# quoted or bare, as the transcoder's lenient parser (protobuf's JsonStreamParser) accepts
# them (`{'a': 1}`, `{a: 1}`, `{"a": 1,}`), escapes decoded as it decodes them. What it
# cannot read as an object it records as such ("!"): body_fields then waits for the
# transcoder, which refuses malformed JSON (and a body that is not an object) itself, and
# refuses whatever body the transcoder took after all rather than let it through unchecked.
SCAN_LUA = r"""
local find, sub, byte, char, floor = string.find, string.sub, string.byte, string.char, math.floor
local gsub, concat = string.gsub, table.concat
local NAMESPACE = "__NAMESPACE__"
local ESCAPES = {b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", v = "\v"}
local QUOTE = {[34] = '"', [39] = "'"}
local SPACE = {[32] = true, [9] = true, [10] = true, [13] = true, [11] = true, [12] = true}

local function utf8(cp)
  if cp < 0x80 then return char(cp) end
  if cp < 0x800 then return char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40) end
  if cp < 0x10000 then
    return char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return char(0xF0 + floor(cp / 0x40000), 0x80 + floor(cp / 0x1000) % 0x40,
              0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end

-- A key as the parser reads it: escapes decoded (\uXXXX and surrogate pairs included).
local function unescape(raw)
  if not find(raw, "\\", 1, true) then return raw end
  local out, i = {}, 1
  while true do
    local j = find(raw, "\\", i, true)
    if j == nil then
      out[#out + 1] = sub(raw, i)
      return concat(out)
    end
    out[#out + 1] = sub(raw, i, j - 1)
    local c = sub(raw, j + 1, j + 1)
    if c == "u" and find(raw, "^%x%x%x%x", j + 2) then
      local cp = tonumber(sub(raw, j + 2, j + 5), 16)
      i = j + 6
      if cp >= 0xD800 and cp <= 0xDBFF and find(raw, "^\\u[dD][c-fC-F]%x%x", i) then
        cp = 0x10000 + (cp - 0xD800) * 0x400 + tonumber(sub(raw, i + 2, i + 5), 16) - 0xDC00
        i = i + 6
      end
      out[#out + 1] = utf8(cp)
    else
      out[#out + 1] = ESCAPES[c] or c
      i = j + 2
    end
  end
end

-- The position of the quote that closes the string opened at `open`, or nil.
local function string_end(s, open)
  local quote, pos = QUOTE[byte(s, open)], open + 1
  while true do
    local at = find(s, quote, pos, true)
    if at == nil then return nil end
    local before = at - 1
    while byte(s, before) == 92 do before = before - 1 end
    if (at - before) % 2 == 1 then return at end  -- after an even run of \: not escaped
    pos = at + 1
  end
end

-- The keys of the object `s` is, in order; {} for an empty body; nil if not an object.
-- A byte loop (which LuaJIT compiles), strings skipped with a plain find.
local function top_level_keys(s)
  local pos = find(s, "%S")
  if pos == nil then return {} end
  if byte(s, pos) ~= 123 then return nil end
  local keys, depth, expect_key, n = {}, 1, true, #s
  pos = pos + 1
  while depth > 0 do
    if pos > n then return nil end
    local c = byte(s, pos)
    if c == 34 or c == 39 then
      local stop = string_end(s, pos)
      if stop == nil then return nil end
      if expect_key then  -- after the opening { or a comma of the outermost object
        keys[#keys + 1] = unescape(sub(s, pos + 1, stop - 1))
        expect_key = false
      end
      pos = stop + 1
    elseif expect_key and not SPACE[c] and c ~= 125 then
      -- A bare key: a letter, _ or $, then those or digits (as the parser takes them).
      expect_key = false
      local stop = find(s, "[^%w_$]", pos)
      if stop == nil or stop == pos or (c >= 48 and c <= 57) then return nil end
      keys[#keys + 1] = sub(s, pos, stop - 1)
      pos = stop
    else
      if c == 123 or c == 91 then
        depth = depth + 1
      elseif c == 125 or c == 93 then  -- } also ends {} and a trailing comma's wait
        depth = depth - 1
        expect_key = false
      elseif c == 44 and depth == 1 then
        expect_key = true
      end
      pos = pos + 1
    end
  end
  if find(s, "%S", pos) then return nil end
  return keys
end

function envoy_on_request(handle)
  local body = handle:body()
  local keys = {}
  if body ~= nil and body:length() > 0 then
    keys = top_level_keys(body:getBytes(0, body:length()))
  end
  -- Each key as <length>:<key>, so that no key can pass for two. Envoy would cut the
  -- string at a NUL byte: a key holding one (no field's name does) gets \0 instead.
  local packed = "!"
  if keys ~= nil then
    for i = 1, #keys do
      local key = gsub(keys[i], "%z", "\\0")
      keys[i] = #key .. ":" .. key
    end
    packed = concat(keys)
  end
  handle:streamInfo():dynamicMetadata():set(NAMESPACE, "keys", packed)
end
"""

# Stage 2, after the transcoder: __BODIES__ becomes the table of BodyCheck.bodies.
CHECK_LUA = r"""
local find, sub, gsub = string.find, string.sub, string.gsub
local NAMESPACE = "__NAMESPACE__"
local BODIES = __BODIES__

local function refuse(handle, message)
  -- The connection manager's local-reply config makes this a google.rpc.Status body.
  handle:respond({[":status"] = "400"}, message)
end

-- A key fit for the message: printable ASCII, quotes and backslashes escaped, not too long.
local function shown(key)
  if #key > 64 then key = sub(key, 1, 64) .. "..." end
  key = gsub(key, "[^%w%p ]", "?")
  return (gsub(key, '["\\]', "\\%0"))
end

function envoy_on_request(handle)
  local body = BODIES[handle:headers():get(":path")]
  if body == nil then return end  -- not a transcoded call of a checked method
  local metadata = handle:streamInfo():dynamicMetadata():get(NAMESPACE)
  local packed = metadata and metadata["keys"]
  if packed == nil or packed == "!" then
    -- Not an object as body_keys reads it. The transcoder refuses malformed JSON with its
    -- own message once it has read the body: wait for that. One it took is refused here.
    handle:body()
    return refuse(handle, "the request body is not a JSON object")
  end
  local pos, fields = 1, body[2]
  while pos <= #packed do
    local colon = find(packed, ":", pos, true)
    local stop = colon and colon + (tonumber(sub(packed, pos, colon - 1)) or #packed)
    if stop == nil or stop > #packed then
      return refuse(handle, "the request body could not be checked")
    end
    local key = sub(packed, colon + 1, stop)
    if not fields[key] then
      return refuse(handle, 'unknown field "' .. shown(key) .. '" in the JSON body: '
                    .. body[1] .. " has no such field")
    end
    pos = stop + 1
  end
end
"""


def scan_lua() -> str:
    """The Lua source of stage 1 (before the transcoder)."""
    return SCAN_LUA.replace("__NAMESPACE__", NAMESPACE)


def check_lua(bodies: dict[str, BodyMessage]) -> str:
    """The Lua source of stage 2 (after the transcoder), with its table (BodyCheck.bodies)."""
    rows = []
    for path, body in sorted(bodies.items()):
        keys = ", ".join(f"[{lua_string(k)}] = true" for k in sorted(body.keys))
        rows.append(f"  [{lua_string(path)}] = {{{lua_string(body.message)}, {{{keys}}}}},")
    table = "{\n" + "\n".join(rows) + "\n}"
    return CHECK_LUA.replace("__NAMESPACE__", NAMESPACE).replace("__BODIES__", table)


def lua_string(text: str) -> str:
    """A Lua string literal for `text`: printable ASCII as is, every other byte escaped."""
    out = []
    for byte in text.encode():
        if byte in (0x22, 0x5C) or not 0x20 <= byte < 0x7F:
            out.append(f"\\{byte:03d}")
        else:
            out.append(chr(byte))
    return '"' + "".join(out) + '"'
