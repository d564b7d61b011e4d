package org.recprompt.base;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the workbench writes about a study (its database, run folders with journals, answers and
 * egress logs, keys) is readable by its owner only: folders 0700, files 0600, whatever the umask.
 * Java has no umask, so the places that create such files and folders call this. On a file system
 * without POSIX permissions it does nothing.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {
    }

    /** The attributes that create a file as 0600 ({@code FileChannel.open(path, options, OwnerOnly.fileAttributes())}). */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Creates the folder and its missing parents; each folder it creates is 0700 (existing ones are left as they are). */
    public static Path createFolders(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(p);
        }
        Files.createDirectories(abs);
        for (Path p : missing) {
            restrict(p);
        }
        return dir;
    }

    /** Makes a file 0600 or a folder 0700 (a symbolic link is left alone). */
    public static void restrict(Path p) throws IOException {
        if (!POSIX || Files.isSymbolicLink(p) || !Files.exists(p)) {
            return;
        }
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? FOLDER : FILE);
    }

    /** {@link #restrict} on a folder and everything in it, without following links. */
    public static void restrictTree(Path dir) throws IOException {
        if (!POSIX || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                restrict(p);
            }
        }
    }
}
