#!/usr/bin/env python3
"""Verify an AccessLedger proof bundle offline, with the ledger's public key alone.

    python3 eng/verify_proof.py BUNDLE.json --public-key 'NAME+KEYID+BASE64KEY'

Exit 0: every check holds. Exit 1: the bundle is invalid; each failed check is printed as
"invalid: [check] subject: reason". Exit 2: the command was used wrongly (no such file, a malformed key).

Written from the specifications, not from the C# code, so that the two can check each other
(docs/proofs.md): RFC 9162 (Merkle tree hashes, inclusion and consistency proofs), c2sp.org/signed-note and
c2sp.org/tlog-checkpoint (the signed checkpoint), RFC 8032 (Ed25519). Standard library only.
"""

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys

FORMAT = "accessledger-proof-bundle/1"
HASH_SIZE = 32
MAX_SIGNATURES = 100
MAX_INT64 = 2**63 - 1
B64_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


# --- Ed25519 verification, RFC 8032 section 5.1 -------------------------------------------------------------------

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # the order of the base point
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def _point_add(a, b):
    """Addition in extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, x*y = T/Z (RFC 8032 5.1.4); complete."""
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * t1 * t2 * D % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _point_mul(scalar, point):
    result = IDENTITY
    while scalar > 0:
        if scalar & 1:
            result = _point_add(result, point)
        point = _point_add(point, point)
        scalar >>= 1
    return result


def _point_negate(point):
    x, y, z, t = point
    return (-x % P, y, z, -t % P)


def _is_identity(point):
    x, y, z, _ = point
    return x % P == 0 and (y - z) % P == 0


def _decode_point(encoded):
    """RFC 8032 5.1.3; None when the 32 bytes are not a point (or not its canonical encoding of y)."""
    value = int.from_bytes(encoded, "little")
    sign, y = value >> 255, value & ((1 << 255) - 1)
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if x == 0 and sign == 1:
        return None
    if x & 1 != sign:
        x = P - x
    return (x, y, 1, x * y % P)


def _encode_point(point):
    x, y, z, _ = point
    inverse = pow(z, P - 2, P)
    x, y = x * inverse % P, y * inverse % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


BASE = _decode_point((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


def _small_order(point):
    return _is_identity(_point_mul(8, point))


def ed25519_verify(public_key, message, signature):
    """RFC 8032 5.1.7, checked as libsodium checks it: S below L, A and R not of small order, and the encoding of
    [S]B - [k]A equal to R byte for byte."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _decode_point(public_key)
    if a is None or _small_order(a):
        return False
    r = _decode_point(signature[:32])
    if r is not None and _small_order(r):
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % L
    check = _point_add(_point_mul(s, BASE), _point_mul(k, _point_negate(a)))
    return _encode_point(check) == signature[:32]


# --- Text rules ----------------------------------------------------------------------------------------------------


def strict_b64(text):
    """Standard base64 in its one canonical spelling (padded, no whitespace, zero pad bits), else None."""
    if not isinstance(text, str) or len(text) % 4 != 0 or any(c not in B64_ALPHABET for c in text):
        return None
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if base64.b64encode(decoded).decode("ascii") == text else None


def encodable(text):
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def valid_key_name(name):
    return (len(name) > 0 and encodable(name)
            and not any(c.isspace() or c == "+" or ord(c) < 0x20 for c in name))


def key_id(name, public_key):
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + b"\x01" + public_key).digest()
    return int.from_bytes(digest[:4], "big")


class UsageError(Exception):
    pass


def parse_verifier_key(text):
    """<name>+<8 hex digits>+<base64(0x01 || 32-byte Ed25519 public key)> (c2sp.org/signed-note)."""
    text = text.strip()
    if text.startswith("PRIVATE+KEY+"):
        raise UsageError("this is a signing key; give the verifier key, and keep the signing key secret")
    parts = text.split("+", 2)
    if len(parts) != 3 or not valid_key_name(parts[0]) or not re.fullmatch(r"[0-9a-fA-F]{8}", parts[1]):
        raise UsageError("a verifier key reads <name>+<8 hex digits>+<base64 key>")
    key = strict_b64(parts[2])
    if key is None or len(key) != 33 or key[0] != 0x01:
        raise UsageError("the verifier key is not an Ed25519 key (type 0x01 and 32 bytes)")
    if key_id(parts[0], key[1:]) != int(parts[1], 16):
        raise UsageError("the verifier key's ID does not match its name and key")
    return parts[0], int(parts[1], 16), key[1:]


class Malformed(Exception):
    pass


def parse_signed_note(note):
    """c2sp.org/signed-note: (text, [(name, key id, signature)]); the text ends at the last blank line."""
    if not encodable(note) or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Malformed("the note holds a control character other than the newline, or text that is not UTF-8")
    split = note.rfind("\n\n")
    if split < 0:
        raise Malformed("the note has no blank line before its signatures")
    text, block = note[: split + 1], note[split + 2:]
    if not block.endswith("\n"):
        raise Malformed("the note's signature lines do not end with a newline")
    signatures = []
    for line in block[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise Malformed("a signature line does not begin with an em dash and a space")
        name, _, encoded = line[2:].partition(" ")
        raw = strict_b64(encoded)
        if not valid_key_name(name) or raw is None or len(raw) < 5:
            raise Malformed("a signature line is not a key name and a base64 key ID and signature")
        if len(signatures) == MAX_SIGNATURES:
            raise Malformed(f"the note has more than {MAX_SIGNATURES} signatures")
        signatures.append((name, int.from_bytes(raw[:4], "big"), raw[4:]))
    return text, signatures


def parse_checkpoint(text):
    """c2sp.org/tlog-checkpoint: origin, size in decimal, base64 root hash, then extension lines; all non-empty."""
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(line == "" for line in lines):
        raise Malformed("a checkpoint has at least three non-empty lines (origin, size, root hash)")
    if not re.fullmatch(r"0|[1-9][0-9]*", lines[1]) or int(lines[1]) > MAX_INT64:
        raise Malformed("the checkpoint's size is not a number of leaves in decimal without leading zeros")
    root = strict_b64(lines[2])
    if root is None or len(root) != HASH_SIZE:
        raise Malformed("the checkpoint's root hash is not 32 bytes in base64")
    return lines[0], int(lines[1]), root


# --- Merkle trees, RFC 9162 section 2.1 ----------------------------------------------------------------------------


def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n):
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def inclusion_length(m, n):
    """The number of hashes in PATH(m, D[n]) (section 2.1.3.1)."""
    if n <= 1:
        return 0
    k = split_point(n)
    return 1 + (inclusion_length(m, k) if m < k else inclusion_length(m - k, n - k))


def consistency_length(m, n):
    """The number of hashes in PROOF(m, D[n]) (section 2.1.4.1); none when m is 0 or n."""
    def subproof(m, n, complete):
        if m == n:
            return 0 if complete else 1
        k = split_point(n)
        return 1 + (subproof(m, k, complete) if m <= k else subproof(m - k, n - k, False))
    return 0 if m == 0 or m == n else subproof(m, n, True)


def verify_inclusion(leaf, index, size, path, root):
    """Section 2.1.3.2. Returns None, or the name of the check that failed."""
    if index >= size:
        return "leaf_index_out_of_range"
    if len(path) != inclusion_length(index, size):
        return "inclusion_path_length"
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return "inclusion_path_length"
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        return "inclusion_path_length"
    return None if r == root else "inclusion_mismatch"


def verify_consistency(first, second, first_root, second_root, path):
    """Section 2.1.4.2, with sizes 0 and first == second as docs/proofs.md settles them."""
    if first > second:
        return "consistency_size"
    if len(path) != consistency_length(first, second):
        return "consistency_path_length"
    if first == 0:
        return None if first_root == hashlib.sha256(b"").digest() else "consistency_mismatch"
    if first == second:
        return None if first_root == second_root else "consistency_mismatch"
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return "consistency_path_length"
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        return "consistency_path_length"
    return None if fr == first_root and sr == second_root else "consistency_mismatch"


# --- The bundle (docs/proofs.md) -----------------------------------------------------------------------------------


def _no_duplicates(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError("duplicate member name")
    return dict(pairs)


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def parse_bundle(data):
    """The bundle's members in the order docs/proofs.md checks them; raises Malformed((subject, reason))."""
    def fail(subject, reason):
        raise Malformed((subject, reason))

    def member(obj, name, subject):
        if name not in obj:
            fail(subject, f"{name} is missing")
        return obj[name]

    def text(value, subject):
        if not isinstance(value, str):
            fail(subject, "not a JSON string")
        if not encodable(value):
            fail(subject, "the string holds half of a surrogate pair, which is not text")
        return value

    def hashes(value, subject):
        if not isinstance(value, list):
            fail(subject, "a path is an array of base64 hashes")
        result = []
        for k, item in enumerate(value):
            decoded = strict_b64(text(item, f"{subject}[{k}]"))
            if decoded is None or len(decoded) != HASH_SIZE:
                fail(f"{subject}[{k}]", "a hash is 32 bytes in standard base64")
            result.append(decoded)
        return result

    try:
        root = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        fail("bundle", "the bundle is not one JSON document in UTF-8 without duplicate member names")
    if not isinstance(root, dict):
        fail("bundle", "the bundle is not a JSON object")
    if member(root, "format", "format") != FORMAT:
        fail("format", f'the format is not "{FORMAT}"')
    checkpoint = text(member(root, "checkpoint", "checkpoint"), "checkpoint")
    events = member(root, "events", "events")
    if not isinstance(events, list):
        fail("events", "events is not an array")
    cited = []
    for i, event in enumerate(events):
        at = f"events[{i}]"
        if not isinstance(event, dict):
            fail(at, "an event is not a JSON object")
        index = member(event, "leafIndex", at + ".leafIndex")
        if type(index) is not int or not 0 <= index <= MAX_INT64:
            fail(at + ".leafIndex", "a leaf index is an integer from 0 to 2^63-1")
        canonical = strict_b64(text(member(event, "canonical", at + ".canonical"), at + ".canonical"))
        if canonical is None:
            fail(at + ".canonical", "the canonical bytes are not in standard base64")
        cited.append((index, canonical, hashes(member(event, "inclusionPath", at + ".inclusionPath"), at + ".inclusionPath")))
    older = []
    if "olderCheckpoints" in root:
        if not isinstance(root["olderCheckpoints"], list):
            fail("olderCheckpoints", "olderCheckpoints is not an array")
        for j, item in enumerate(root["olderCheckpoints"]):
            at = f"olderCheckpoints[{j}]"
            if not isinstance(item, dict):
                fail(at, "an older checkpoint is not a JSON object")
            note = text(member(item, "checkpoint", at + ".checkpoint"), at + ".checkpoint")
            older.append((note, hashes(member(item, "consistencyPath", at + ".consistencyPath"), at + ".consistencyPath")))
    return checkpoint, cited, older


def read_signed(note, subject, key, failures):
    """The checkpoint (origin, size, root), or None when malformed; signature failures are added."""
    name, kid, public_key = key
    try:
        text, signatures = parse_signed_note(note)
        checkpoint = parse_checkpoint(text)
    except Malformed as error:
        failures.append(("checkpoint_malformed", subject, str(error)))
        return None
    mine = [sig for (n, k, sig) in signatures if n == name and k == kid]
    if not mine:
        failures.append(("signature_missing", subject, f"no signature by the key {name}+{kid:08x}"))
    elif not all(ed25519_verify(public_key, text.encode("utf-8"), sig) for sig in mine):
        failures.append(("signature_invalid", subject, f"the signature by {name} does not verify"))
    return checkpoint


def verify(data, key):
    """Every failed check of a bundle, as (check, subject, reason), and the checkpoint when it could be read."""
    try:
        checkpoint_note, cited, older = parse_bundle(data)
    except Malformed as error:
        subject, reason = error.args[0]
        return [("bundle_malformed", subject, reason)], None
    failures = []
    checkpoint = read_signed(checkpoint_note, "checkpoint", key, failures)
    if checkpoint is None:
        return failures, None
    origin, size, root = checkpoint
    for i, (index, canonical, path) in enumerate(cited):
        failed = verify_inclusion(leaf_hash(canonical), index, size, path, root)
        if failed:
            failures.append((failed, f"events[{i}]", f"leaf {index} is not proven in the tree of {size} leaves"))
    for j, (note, path) in enumerate(older):
        subject = f"olderCheckpoints[{j}]"
        previous = read_signed(note, subject, key, failures)
        if previous is None:
            continue
        if previous[0] != origin:
            failures.append(("origin_mismatch", subject, "the older checkpoint is of another log"))
            continue
        failed = verify_consistency(previous[1], size, previous[2], root, path)
        if failed:
            failures.append((failed, subject, f"the tree of {previous[1]} leaves is not proven a prefix of the tree of {size}"))
    return failures, checkpoint


def main():
    parser = argparse.ArgumentParser(description="Verify an AccessLedger proof bundle offline (docs/proofs.md).")
    parser.add_argument("bundle", help="the proof bundle, a JSON file")
    parser.add_argument("--public-key", required=True, help="the ledger's verifier key, NAME+KEYID+BASE64KEY")
    args = parser.parse_args()
    try:
        key = parse_verifier_key(args.public_key)
        with open(args.bundle, "rb") as file:
            data = file.read()
    except (UsageError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    failures, checkpoint = verify(data, key)
    if failures:
        for check, subject, reason in failures:
            print(f"invalid: [{check}] {subject}: {reason}")
        return 1
    origin, size, root = checkpoint
    print(f"valid: checkpoint of {origin} at {size} leaves, root {base64.b64encode(root).decode('ascii')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
