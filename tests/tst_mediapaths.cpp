// SPDX-License-Identifier: MIT
// MediaPaths: sanzaru's test_config.py get_path cases (audio left out) and the path parts of
// test_multimodal_integration.py, plus our additions. Folders live in a QTemporaryDir; the
// environment is a QProcessEnvironment built per test.
#include "config/mediapaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <latch>
#include <thread>

using namespace Sanzaru::Core;

class TestMediaPaths : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void videoPathResolves();
    void imagePathResolves();
    void cachedAfterDirectoryDeleted();
    void typesCachedSeparately();
    void notConfigured_data();
    void notConfigured();
    void missingDirectory();
    void regularFileIsNotADirectory();
    void symlinkRejected();
    void symlinkWithTrailingSlashRejected();
    void valueIsTrimmed();
    void relativeValueUsesCurrentDirectory();
    void resultIsCanonical();
    void spacesInName();
    void unifiedRoot();
    void individualBeatsUnifiedAndUnifiedNotCreated();
    void unifiedSubdirAutoCreated();
    void unifiedNestedRootCreatedWithParents();
    void mixedIndividualAndUnified();
    void emptyIndividualFallsThroughToUnified();
    void unifiedSymlinkSubdirRejected();
    void unifiedSymlinkedRootAccepted();
    void unifiedExistingSubdirReused();
    void unifiedAutoCreateFailure();
    void individualNeverCreated();
    void failureNotCached();
    void concurrentFirstUse();

private:
    QString path(const QString &rel) const { return m_tmp->path() + QLatin1Char('/') + rel; }
    static QString canonical(const QString &p) { return QFileInfo(p).canonicalFilePath(); }
    static Config configOf(std::initializer_list<std::pair<const char *, QString>> vars);

    std::unique_ptr<QTemporaryDir> m_tmp;
};

Config TestMediaPaths::configOf(std::initializer_list<std::pair<const char *, QString>> vars)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : vars)
        env.insert(QString::fromUtf8(name), value);
    return Config::fromEnvironment(env);
}

void TestMediaPaths::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
}

void TestMediaPaths::videoPathResolves()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("v"))));
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("v"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY2(dir.ok(), qPrintable(dir.ok() ? QString() : dir.error().message));
    QCOMPARE(*dir, canonical(path(QStringLiteral("v"))));
}

void TestMediaPaths::imagePathResolves()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("i"))));
    MediaPaths paths(configOf({{"IMAGE_PATH", path(QStringLiteral("i"))}}));
    QCOMPARE(*paths.imageDir(), canonical(path(QStringLiteral("i"))));
}

void TestMediaPaths::cachedAfterDirectoryDeleted()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("v"))));
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("v"))}}));
    const QString first = *paths.videoDir();
    QVERIFY(QDir(path(QStringLiteral("v"))).removeRecursively());
    const Result<QString> second = paths.videoDir();
    QVERIFY(second.ok());
    QCOMPARE(*second, first);
}

void TestMediaPaths::typesCachedSeparately()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("v"))));
    QVERIFY(QDir().mkpath(path(QStringLiteral("i"))));
    MediaPaths paths(
        configOf({{"VIDEO_PATH", path(QStringLiteral("v"))}, {"IMAGE_PATH", path(QStringLiteral("i"))}}));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("v"))));
    QCOMPARE(*paths.imageDir(), canonical(path(QStringLiteral("i"))));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("v"))));
}

void TestMediaPaths::notConfigured_data()
{
    QTest::addColumn<QString>("videoValue");
    QTest::newRow("unset") << QString();
    QTest::newRow("empty") << QStringLiteral("");
    QTest::newRow("whitespace") << QStringLiteral("  \t ");
}

void TestMediaPaths::notConfigured()
{
    QFETCH(QString, videoValue);
    QProcessEnvironment env;
    if (!videoValue.isNull())
        env.insert(QStringLiteral("VIDEO_PATH"), videoValue);
    MediaPaths paths(Config::fromEnvironment(env));
    const Result<QString> video = paths.videoDir();
    QVERIFY(!video.ok());
    QCOMPARE(video.error().kind, ErrorKind::Config);
    QCOMPARE(video.error().message,
             QStringLiteral("Video download directory not configured. Set VIDEO_PATH or SANZARU_MEDIA_PATH"));
    const Result<QString> image = paths.imageDir();
    QVERIFY(!image.ok());
    QCOMPARE(image.error().message,
             QStringLiteral("Image directory not configured. Set IMAGE_PATH or SANZARU_MEDIA_PATH"));
}

void TestMediaPaths::missingDirectory()
{
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("missing"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(!dir.ok());
    QCOMPARE(dir.error().kind, ErrorKind::Config);
    QVERIFY2(dir.error().message.startsWith(
                 QStringLiteral("VIDEO_PATH: Video download directory does not exist: ")),
             qPrintable(dir.error().message));
    QVERIFY(dir.error().message.endsWith(QStringLiteral("/missing")));
}

void TestMediaPaths::regularFileIsNotADirectory()
{
    QFile f(path(QStringLiteral("file.txt")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    MediaPaths paths(configOf({{"IMAGE_PATH", f.fileName()}}));
    const Result<QString> dir = paths.imageDir();
    QVERIFY(!dir.ok());
    QCOMPARE(dir.error().kind, ErrorKind::Config);
    QVERIFY2(
        dir.error().message.startsWith(QStringLiteral("IMAGE_PATH: Image directory is not a directory: ")),
        qPrintable(dir.error().message));
}

void TestMediaPaths::symlinkRejected()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("real"))));
    QVERIFY(QFile::link(path(QStringLiteral("real")), path(QStringLiteral("link"))));
    MediaPaths paths(configOf({{"IMAGE_PATH", path(QStringLiteral("link"))}}));
    const Result<QString> dir = paths.imageDir();
    QVERIFY(!dir.ok());
    QCOMPARE(dir.error().kind, ErrorKind::Config);
    QCOMPARE(
        dir.error().message,
        QStringLiteral("Image directory cannot be a symbolic link: %1").arg(path(QStringLiteral("link"))));
}

void TestMediaPaths::symlinkWithTrailingSlashRejected()
{
    // lstat("link/") follows the link; the check must look at "link" itself.
    QVERIFY(QDir().mkpath(path(QStringLiteral("real"))));
    QVERIFY(QFile::link(path(QStringLiteral("real")), path(QStringLiteral("link"))));
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("link/"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(!dir.ok());
    QVERIFY(dir.error().message.contains(QStringLiteral("cannot be a symbolic link")));
}

void TestMediaPaths::valueIsTrimmed()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("v"))));
    MediaPaths paths(configOf(
        {{"VIDEO_PATH", QStringLiteral("  \t") + path(QStringLiteral("v")) + QStringLiteral("\n ")}}));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("v"))));
}

void TestMediaPaths::relativeValueUsesCurrentDirectory()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("work/rel"))));
    const QString saved = QDir::currentPath();
    QVERIFY(QDir::setCurrent(path(QStringLiteral("work"))));
    MediaPaths paths(configOf({{"VIDEO_PATH", QStringLiteral("rel")}}));
    const Result<QString> dir = paths.videoDir();
    QDir::setCurrent(saved);
    QVERIFY(dir.ok());
    QVERIFY(QDir::isAbsolutePath(*dir));
    QCOMPARE(*dir, canonical(path(QStringLiteral("work/rel"))));
}

void TestMediaPaths::resultIsCanonical()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("a/b"))));
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("a/./b/../b//"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(dir.ok());
    QCOMPARE(*dir, canonical(path(QStringLiteral("a/b"))));
}

void TestMediaPaths::spacesInName()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("my videos"))));
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("my videos"))}}));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("my videos"))));
}

void TestMediaPaths::unifiedRoot()
{
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    // Resolve first: the expected paths exist only after the auto-create.
    const Result<QString> video = paths.videoDir();
    const Result<QString> image = paths.imageDir();
    QCOMPARE(*video, canonical(path(QStringLiteral("media/videos"))));
    QCOMPARE(*image, canonical(path(QStringLiteral("media/images"))));
}

void TestMediaPaths::individualBeatsUnifiedAndUnifiedNotCreated()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("custom"))));
    QVERIFY(QDir().mkpath(path(QStringLiteral("media"))));
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))},
                               {"VIDEO_PATH", path(QStringLiteral("custom"))}}));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("custom"))));
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("media/videos"))));
}

void TestMediaPaths::unifiedSubdirAutoCreated()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("media"))));
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    QVERIFY(paths.videoDir().ok());
    QVERIFY(QFileInfo(path(QStringLiteral("media/videos"))).isDir());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("media/images")))); // lazily, per type
}

void TestMediaPaths::unifiedNestedRootCreatedWithParents()
{
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("a/b/c"))}}));
    const Result<QString> dir = paths.imageDir();
    QVERIFY2(dir.ok(), qPrintable(dir.ok() ? QString() : dir.error().message));
    QVERIFY(QFileInfo(path(QStringLiteral("a/b/c/images"))).isDir());
}

void TestMediaPaths::mixedIndividualAndUnified()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("custom"))));
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))},
                               {"VIDEO_PATH", path(QStringLiteral("custom"))}}));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("custom"))));
    const Result<QString> image = paths.imageDir();
    QCOMPARE(*image, canonical(path(QStringLiteral("media/images"))));
}

void TestMediaPaths::emptyIndividualFallsThroughToUnified()
{
    MediaPaths paths(configOf(
        {{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}, {"VIDEO_PATH", QStringLiteral(" ")}}));
    const Result<QString> video = paths.videoDir();
    QCOMPARE(*video, canonical(path(QStringLiteral("media/videos"))));
}

void TestMediaPaths::unifiedSymlinkSubdirRejected()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("media"))));
    QVERIFY(QDir().mkpath(path(QStringLiteral("elsewhere"))));
    QVERIFY(QFile::link(path(QStringLiteral("elsewhere")), path(QStringLiteral("media/videos"))));
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(!dir.ok());
    QCOMPARE(dir.error().kind, ErrorKind::Config);
    QVERIFY(dir.error().message.startsWith(
        QStringLiteral("Video download directory cannot be a symbolic link: ")));
}

void TestMediaPaths::unifiedSymlinkedRootAccepted()
{
    // Only the last component is checked: a symlinked root is how many people move media to a bigger disk.
    QVERIFY(QDir().mkpath(path(QStringLiteral("disk/media"))));
    QVERIFY(QFile::link(path(QStringLiteral("disk/media")), path(QStringLiteral("media"))));
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(dir.ok());
    QCOMPARE(*dir, canonical(path(QStringLiteral("disk/media/videos"))));
}

void TestMediaPaths::unifiedExistingSubdirReused()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("media/videos"))));
    QFile f(path(QStringLiteral("media/videos/clip.mp4")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("data");
    f.close();
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    QCOMPARE(*paths.videoDir(), canonical(path(QStringLiteral("media/videos"))));
    QVERIFY(QFileInfo::exists(path(QStringLiteral("media/videos/clip.mp4"))));
}

void TestMediaPaths::unifiedAutoCreateFailure()
{
    QFile f(path(QStringLiteral("media")));
    QVERIFY(f.open(QIODevice::WriteOnly)); // a file where the root folder should be
    f.close();
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(!dir.ok());
    QCOMPARE(dir.error().kind, ErrorKind::Config);
    QVERIFY2(dir.error().message.startsWith(
                 QStringLiteral("Failed to auto-create Video download directory at %1: ")
                     .arg(path(QStringLiteral("media/videos")))),
             qPrintable(dir.error().message));
}

void TestMediaPaths::individualNeverCreated()
{
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("new/videos"))}}));
    QVERIFY(!paths.videoDir().ok());
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("new"))));
}

void TestMediaPaths::failureNotCached()
{
    MediaPaths paths(configOf({{"VIDEO_PATH", path(QStringLiteral("later"))}}));
    QVERIFY(!paths.videoDir().ok());
    QVERIFY(QDir().mkpath(path(QStringLiteral("later"))));
    const Result<QString> dir = paths.videoDir();
    QVERIFY(dir.ok());
    QCOMPARE(*dir, canonical(path(QStringLiteral("later"))));
}

void TestMediaPaths::concurrentFirstUse()
{
    MediaPaths paths(configOf({{"SANZARU_MEDIA_PATH", path(QStringLiteral("media"))}}));
    constexpr int kThreads = 8;
    std::latch start(kThreads);
    QList<QString> results(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            const Result<QString> r = i % 2 ? paths.videoDir() : paths.imageDir();
            results[i] = r.ok() ? *r : QStringLiteral("error: ") + r.error().message;
        });
    }
    for (auto &t : threads)
        t.join();
    for (int i = 0; i < kThreads; ++i)
        QCOMPARE(results.at(i),
                 canonical(path(i % 2 ? QStringLiteral("media/videos") : QStringLiteral("media/images"))));
}

QTEST_GUILESS_MAIN(TestMediaPaths)
#include "tst_mediapaths.moc"
