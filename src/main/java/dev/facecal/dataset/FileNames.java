package dev.facecal.dataset;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Photo names as facecal writes them into pair lists and CSVs, lossless for any file name (issue 11, item 8). A
 * Linux file name is bytes; Java shows bytes that are not UTF-8 as U+FFFD, and such a name can then neither be
 * opened again nor mapped back to its file. Names that are UTF-8 (all but a few) are written as they are. In a name
 * that is not, each byte that is not part of a UTF-8 character is written as {@code %XX} (and {@code %} itself as
 * {@code %25}): {@code café.jpg} saved in Latin-1 becomes {@code caf%E9.jpg}, which is also how a {@code file:} URI
 * spells it ({@code urllib.parse.unquote_to_bytes} in Python gives the bytes back). {@link #resolve} opens either
 * form: the name as written when such a file exists, else the name with its escapes decoded to bytes.
 *
 * <p>The raw bytes of a name are read through {@link Path#toUri()}, which percent-encodes them, and a path is made
 * from bytes through {@link Path#of(URI)}, which decodes them: the only lossless way in and out of {@link Path} on
 * a JVM whose file-name encoding is UTF-8.
 */
public final class FileNames {
    private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    private FileNames() {}

    /** The name of one path element ({@code p.getFileName()}), lossless. */
    public static String name(Path element) {
        String shown = element.toString();
        if (shown.indexOf('\uFFFD') < 0) return shown; // UTF-8 decoded without a replacement: the name as is
        byte[] bytes = rawBytes(element);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return escaped(bytes);
        }
    }

    /** A whole path as given (relative or absolute), each element as {@link #name}. */
    public static String of(Path p) {
        if (!p.toString().contains("\uFFFD")) return p.toString();
        StringBuilder sb = new StringBuilder(p.isAbsolute() ? "/" : "");
        for (int i = 0; i < p.getNameCount(); i++) {
            if (i > 0) sb.append('/');
            sb.append(name(p.getName(i)));
        }
        return sb.toString();
    }

    /** The file {@code name} (as {@link #name} writes it, elements separated by {@code /}) under {@code root}. */
    public static Path resolve(Path root, String name) {
        Path plain = root.resolve(name);
        if (!ESCAPE.matcher(name).find() || Files.exists(plain, LinkOption.NOFOLLOW_LINKS)) return plain;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); ) {
            if (name.charAt(i) == '%' && i + 2 < name.length() && ESCAPE.matcher(name.substring(i, i + 3)).matches()) {
                bytes.write(HexFormat.fromHexDigits(name, i + 1, i + 3));
                i += 3;
            } else {
                int cp = name.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        String base = root.toAbsolutePath().toUri().getRawPath();
        if (!base.endsWith("/")) base += "/";
        StringBuilder uri = new StringBuilder("file://").append(base);
        for (byte b : bytes.toByteArray()) {
            int c = b & 0xff;
            if (c == '/' || (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0))) {
                uri.append((char) c);
            } else {
                uri.append('%').append(String.format("%02X", c));
            }
        }
        Path raw = Path.of(URI.create(uri.toString()));
        return Files.exists(raw, LinkOption.NOFOLLOW_LINKS) ? raw : plain;
    }

    private static byte[] rawBytes(Path element) {
        String raw = element.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/") && raw.length() > 1) raw = raw.substring(0, raw.length() - 1);
        raw = raw.substring(raw.lastIndexOf('/') + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** Bytes with every byte outside a valid UTF-8 character, and every {@code %}, as {@code %XX}. */
    static String escaped(byte[] b) {
        StringBuilder sb = new StringBuilder();
        var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < b.length; ) {
            int c = b[i] & 0xff;
            int len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (len == 1) {
                if (c == '%') sb.append("%25");
                else sb.append((char) c);
                i++;
                continue;
            }
            if (len > 1 && i + len <= b.length) {
                try {
                    sb.append(dec.decode(ByteBuffer.wrap(b, i, len)));
                    i += len;
                    continue;
                } catch (CharacterCodingException e) {
                    // not a character: escaped below
                }
            }
            sb.append('%').append(String.format("%02X", c));
            i++;
        }
        return sb.toString();
    }
}
