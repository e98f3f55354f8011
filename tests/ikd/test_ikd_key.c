/* IKD key files: created 0600 even under umask 0, loaded again unchanged, refused when group
 * or world can read them or when they are symlinks, exact messages for corrupt files, the
 * RFC 8032 test vector, key ids, and public key export. */
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ikd_test_util.h"

START_TEST(created_0600_on_first_use)
{
    char dir[256], path[300];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/issuer.key", dir);
    mode_t old = umask(0); /* the mode must not depend on the caller's umask */
    core_ikd_key key, again;
    int created = -1;
    char err[300];
    ck_assert_msg(core_ikd_key_load_or_create(&key, path, &created, err, sizeof err) == CORE_OK,
                  "%s", err);
    umask(old);
    ck_assert_int_eq(created, 1);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0600);
    ck_assert_int_eq(st.st_size, 22 + 64 + 1);
    ck_assert_int_eq(ikd_dir_entries(dir), 1); /* no temporary file left behind */
    ck_assert_int_eq(core_ikd_key_load_or_create(&again, path, &created, err, sizeof err),
                     CORE_OK);
    ck_assert_int_eq(created, 0);
    ck_assert_int_eq(memcmp(key.secret_key, again.secret_key, sizeof key.secret_key), 0);
    ck_assert_int_eq(memcmp(key.pub.key_id, again.pub.key_id, CORE_IKD_KEY_ID_BYTES), 0);
    /* The key signs and the public half verifies. */
    core_ikd_claims c = ikd_test_claims(3);
    char text[CORE_IKD_TEXT_MAX];
    ck_assert_int_eq(core_ikd_sign(&key, &c, NULL, NULL, text, sizeof text, NULL, 0), CORE_OK);
    core_ikd_result r;
    ck_assert_int_eq(core_ikd_verify(text, &again.pub, 1, c.issued, NULL, &r, NULL, 0), CORE_OK);
    ck_assert_int_eq(r.verdict, CORE_IKD_VALID);
    core_ikd_key_fini(&key);
    for (size_t i = 0; i < sizeof key.secret_key; i++)
        ck_assert_int_eq(key.secret_key[i], 0); /* wiped */
    core_ikd_key_fini(&again);
    ikd_scratch_remove(dir);
}
END_TEST

START_TEST(readable_key_is_refused)
{
    char dir[256], path[300], err[800], want[800];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/issuer.key", dir);
    core_ikd_key key;
    ck_assert_int_eq(core_ikd_key_load_or_create(&key, path, NULL, NULL, 0), CORE_OK);
    static const mode_t modes[] = {0644, 0640, 0604, 0660, 0601};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        ck_assert_int_eq(chmod(path, modes[i]), 0);
        ck_assert_int_eq(core_ikd_key_load(&key, path, err, sizeof err), CORE_EINVAL);
        snprintf(want, sizeof want, "key file %s is open to group or others (mode %04o); "
                 "run chmod 600 %s", path, (unsigned)modes[i], path);
        ck_assert_str_eq(err, want);
        /* load_or_create must not replace it either */
        ck_assert_int_eq(core_ikd_key_load_or_create(&key, path, NULL, err, sizeof err),
                         CORE_EINVAL);
    }
    ck_assert_int_eq(chmod(path, 0400), 0);
    ck_assert_int_eq(core_ikd_key_load(&key, path, err, sizeof err), CORE_OK);
    /* A symlink to a good key is refused (O_NOFOLLOW): someone could point it elsewhere. */
    char link_path[320];
    snprintf(link_path, sizeof link_path, "%s/link.key", dir);
    ck_assert_int_eq(symlink(path, link_path), 0);
    ck_assert_int_ne(core_ikd_key_load(&key, link_path, err, sizeof err), CORE_OK);
    ck_assert_int_ne(core_ikd_key_load_or_create(&key, link_path, NULL, err, sizeof err),
                     CORE_OK);
    core_ikd_key_fini(&key);
    ikd_scratch_remove(dir);
}
END_TEST

static void write_file(const char *path, const char *content, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(corrupt_key_files)
{
    char dir[256], path[300], err[800], want[800];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/issuer.key", dir);
    core_ikd_key key;
    static const char *const bad[] = {
        "", "ktp-ikd-secret-key-v1\n",
        "ktp-ikd-secret-key-v1\n00000000000000000000000000000000000000000000000000000000000000\n",
        "ktp-ikd-secret-key-v1\nzz00000000000000000000000000000000000000000000000000000000000000\n",
        "ktp-ikd-secret-key-v2\n0000000000000000000000000000000000000000000000000000000000000000\n",
        "ktp-ikd-secret-key-v1\n0000000000000000000000000000000000000000000000000000000000000000\nx"};
    snprintf(want, sizeof want, "%s is not an IKD secret key file (expected "
             "\"ktp-ikd-secret-key-v1\" and 64 hex digits)", path);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i], 0600);
        ck_assert_int_eq(core_ikd_key_load(&key, path, err, sizeof err), CORE_ECORRUPT);
        ck_assert_str_eq(err, want);
        /* a damaged key is reported, never silently replaced by a new one */
        ck_assert_int_eq(core_ikd_key_load_or_create(&key, path, NULL, err, sizeof err),
                         CORE_ECORRUPT);
    }
    write_file(path, "ktp-ikd-secret-key-v1\n"
                     "9D61B19DEFFD5A60BA844AF492EC2CC44449C5697B326919703BAC031CAE7F60\n", 0600);
    ck_assert_int_eq(core_ikd_key_load(&key, path, err, sizeof err), CORE_OK);
    char hex[65];
    core_ikd_pubkey_hex(&key.pub, hex); /* RFC 8032 section 7.1, test 1 */
    ck_assert_str_eq(hex, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    snprintf(path, sizeof path, "%s/missing.key", dir);
    ck_assert_int_eq(core_ikd_key_load(&key, path, err, sizeof err), CORE_ENOTFOUND);
    snprintf(want, sizeof want, "key file %s does not exist", path);
    ck_assert_str_eq(err, want);
    ck_assert_int_eq(core_ikd_key_load(&key, dir, err, sizeof err), CORE_EINVAL);
    snprintf(want, sizeof want, "key file %s is not a regular file", dir);
    ck_assert_str_eq(err, want);
    core_ikd_key_fini(&key);
    ikd_scratch_remove(dir);
}
END_TEST

START_TEST(key_id_and_public_export)
{
    core_ikd_key key;
    ikd_test_key(&key, 42);
    unsigned char hash[32];
    crypto_generichash(hash, sizeof hash, key.pub.public_key, 32, NULL, 0);
    ck_assert_int_eq(memcmp(key.pub.key_id, hash, CORE_IKD_KEY_ID_BYTES), 0);
    char dir[256], path[300], err[300];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/issuer.pub", dir);
    ck_assert_int_eq(core_ikd_pubkey_write(&key.pub, path, err, sizeof err), CORE_OK);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_size, 65);
    core_ikd_pubkey back, parsed;
    ck_assert_int_eq(core_ikd_pubkey_load(&back, path, err, sizeof err), CORE_OK);
    ck_assert_int_eq(memcmp(&back, &key.pub, sizeof back), 0);
    char hex[65], padded[80];
    core_ikd_pubkey_hex(&key.pub, hex);
    snprintf(padded, sizeof padded, "  %s\n", hex);
    ck_assert_int_eq(core_ikd_pubkey_parse(padded, &parsed, err, sizeof err), CORE_OK);
    ck_assert_int_eq(memcmp(&parsed, &key.pub, sizeof parsed), 0);
    hex[63] = '\0';
    ck_assert_int_eq(core_ikd_pubkey_parse(hex, &parsed, err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "a public key must be 64 hex digits");
    write_file(path, "not a key\n", 0644);
    ck_assert_int_eq(core_ikd_pubkey_load(&back, path, err, sizeof err), CORE_ECORRUPT);
    unsigned char id[CORE_IKD_KEY_ID_BYTES];
    ck_assert_int_eq(core_ikd_key_id_parse("0011223344556677", id, err, sizeof err), CORE_OK);
    ck_assert_int_eq(id[7], 0x77);
    ck_assert_int_eq(core_ikd_key_id_parse("00112233", id, err, sizeof err), CORE_EINVAL);
    ck_assert_str_eq(err, "a key id must be 16 hex digits");
    core_ikd_key_fini(&key);
    ikd_scratch_remove(dir);
}
END_TEST

/* Random key and public key files: always a clean error, never a crash or a key. */
START_TEST(random_key_files_are_rejected)
{
    char dir[256], path[300], content[200];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/random.key", dir);
    uint64_t state = 0x1234567887654321ULL;
    core_ikd_key key;
    core_ikd_pubkey pub;
    for (int i = 0; i < 1000; i++) {
        size_t n = ikd_rand(&state) % (sizeof content - 1);
        for (size_t k = 0; k < n; k++)
            content[k] = (char)(1 + ikd_rand(&state) % 255);
        if (i % 2 && n > 22)
            memcpy(content, "ktp-ikd-secret-key-v1\n", 22); /* reach the hex check */
        content[n] = '\0';
        write_file(path, content, 0600);
        ck_assert_int_eq(core_ikd_key_load(&key, path, NULL, 0), CORE_ECORRUPT);
        ck_assert_int_eq(core_ikd_pubkey_load(&pub, path, NULL, 0), CORE_ECORRUPT);
    }
    ikd_scratch_remove(dir);
}
END_TEST

/* Two processes creating the same key file at once end up with one key between them. */
START_TEST(concurrent_creation_agrees)
{
    char dir[256], path[300];
    ikd_scratch_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/issuer.key", dir);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    core_ikd_key key;
    int rc = core_ikd_key_load_or_create(&key, path, NULL, NULL, 0);
    if (pid == 0) {
        ssize_t w = write(fds[1], rc == CORE_OK ? key.pub.public_key : (unsigned char *)"", 32);
        _exit(w == 32 ? 0 : 1);
    }
    unsigned char child_pk[32];
    ck_assert_int_eq(read(fds[0], child_pk, 32), 32);
    int status = -1;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(rc, CORE_OK);
    ck_assert_int_eq(memcmp(child_pk, key.pub.public_key, 32), 0);
    close(fds[0]);
    close(fds[1]);
    ck_assert_int_eq(ikd_dir_entries(dir), 1);
    core_ikd_key_fini(&key);
    ikd_scratch_remove(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ikd_key");
    TCase *tc = tcase_create("key");
    tcase_add_test(tc, created_0600_on_first_use);
    tcase_add_test(tc, readable_key_is_refused);
    tcase_add_test(tc, corrupt_key_files);
    tcase_add_test(tc, key_id_and_public_export);
    tcase_add_test(tc, concurrent_creation_agrees);
    tcase_add_test(tc, random_key_files_are_rejected);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK); /* the race test forks on its own */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
