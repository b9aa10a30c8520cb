// SPDX-License-Identifier: MIT
// The fault soak: the real desktop app (offscreen) runs 312 jobs started by an MCP client through its
// socket — videos (create → poll → download), Images API generations and edits, Responses images
// (create → poll → download), downloads of finished videos and reference preparations — against the fake
// OpenAI server answering with seeded random faults (429 + Retry-After, 5xx, connections dropped before
// the request, before the answer and mid-body, slow and stalled bodies, stalled heads, malformed JSON).
// Midway the server vanishes (connections refused) and comes back on the same port; later the app is
// killed with SIGKILL while jobs run and started again on the same settings and queue file.
//
// Asserted: every job ends completed or with an actionable error (a known error kind and a message), no
// job is still running at the end; no partial, temporary or corrupt file in the media folders (SHA-256
// against what the fake server served); no paid request (POST /videos, /images/generations,
// /images/edits, /responses) executed twice for one job; the app's memory stays under a ceiling.
//
// SANZARU_SOAK_SEED=<n> replays a run's fault stream (the seed is printed at the start); =random picks one.

#include "fakemedia.h"
#include "fakeopenaiserver.h"
#include "mcptestsupport.h"
#include "testimages.h"

#include "jobs/jobstore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QImageReader>
#include <QLocalSocket>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>
#include <utility>

using namespace Sanzaru::Core;
using namespace Sanzaru::Testing;

namespace {

enum class Kind { Video, Download, ImageGenerate, ImageEdit, ResponsesImage, Prepare };
enum class Stage { Submit, Poll, Fetch };

// Jobs per kind: 312 in all.
constexpr std::pair<Kind, int> jobMix[] = {{Kind::Video, 80},          {Kind::Download, 40},
                                           {Kind::ImageGenerate, 56},  {Kind::ImageEdit, 40},
                                           {Kind::ResponsesImage, 56}, {Kind::Prepare, 40}};
constexpr int maxActiveJobs = 12;
constexpr int maxCallAttempts = 8; // per non-paid step, like a patient agent
constexpr qint64 memoryCeilingKb = 400 * 1024;
const QSet<QString> actionableKinds{QStringLiteral("api_error"), QStringLiteral("network"),
                                    QStringLiteral("timeout"), QStringLiteral("job_failed")};

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Video:
        return QStringLiteral("video");
    case Kind::Download:
        return QStringLiteral("download");
    case Kind::ImageGenerate:
        return QStringLiteral("image-generate");
    case Kind::ImageEdit:
        return QStringLiteral("image-edit");
    case Kind::ResponsesImage:
        return QStringLiteral("responses-image");
    case Kind::Prepare:
        return QStringLiteral("prepare");
    }
    return {};
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

/// One client-side job: the MCP calls an agent would make, one at a time.
struct SoakJob
{
    int index = 0;
    Kind kind = Kind::Video;
    Stage stage = Stage::Submit;
    QString marker;   ///< "[soak-017]", in the prompt: ties the server's requests to the job
    QString fileName; ///< output file name in the media folder
    QString remoteId;
    int attempts = 0; ///< of the current non-paid step
    bool done = false;
    bool completed = false;
    bool interrupted = false; ///< its paid call was in flight when the app was killed
    bool waiting = false;     ///< wants its next call once the app is back
    QString errorKind;
    QString errorMessage;

    bool paidStage() const
    {
        return stage == Stage::Submit && kind != Kind::Download && kind != Kind::Prepare;
    }
    bool isVideo() const { return kind == Kind::Video || kind == Kind::Download; }
};

/// What one tools/call answered.
struct CallOutcome
{
    bool ok = false;
    QJsonObject structured;
    QString kind;
    QString message;
};

CallOutcome outcomeOf(const QJsonObject &response)
{
    CallOutcome out;
    if (response.contains(QStringLiteral("error"))) {
        const QJsonObject error = response.value(QStringLiteral("error")).toObject();
        out.kind = QStringLiteral("jsonrpc");
        out.message = error.value(QStringLiteral("message")).toString();
        return out;
    }
    const QJsonObject result = response.value(QStringLiteral("result")).toObject();
    if (result.value(QStringLiteral("isError")).toBool()) {
        const QJsonObject error = result.value(QStringLiteral("_meta"))
                                      .toObject()
                                      .value(QStringLiteral("sanzaru-qt/error"))
                                      .toObject();
        out.kind = error.value(QStringLiteral("kind")).toString();
        out.message = error.value(QStringLiteral("message")).toString();
        return out;
    }
    out.ok = true;
    out.structured = result.value(QStringLiteral("structuredContent")).toObject();
    return out;
}

/// A newline-framed JSON-RPC client that answers each call through its callback.
class SoakClient
{
public:
    using Callback = std::function<void(const QJsonObject &)>;

    SoakClient()
    {
        QObject::connect(&m_socket, &QLocalSocket::readyRead, [this] { onReadyRead(); });
    }

    bool connectAndInitialize(const QString &path)
    {
        m_socket.abort();
        m_buffer.clear();
        m_socket.connectToServer(path);
        if (!QTest::qWaitFor([this] { return m_socket.state() == QLocalSocket::ConnectedState; }, 5000))
            return false;
        QJsonObject answer;
        send(initializeRequest(QStringLiteral("init")), [&answer](const QJsonObject &r) { answer = r; });
        if (!QTest::qWaitFor([&answer] { return !answer.isEmpty(); }, 10000) ||
            !answer.contains(QStringLiteral("result")))
            return false;
        const QJsonObject initialized{
            {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("method"), QStringLiteral("notifications/initialized")}};
        m_socket.write(QJsonDocument(initialized).toJson(QJsonDocument::Compact) + '\n');
        return true;
    }
    bool isConnected() const { return m_socket.state() == QLocalSocket::ConnectedState; }

    void call(const QString &tool, const QJsonObject &arguments, Callback callback)
    {
        send(toolCall(++m_nextId, tool, arguments), std::move(callback));
    }
    /// The calls still waiting for an answer (the app died): they will never be answered.
    void dropPending() { m_pending.clear(); }

private:
    void send(const QJsonObject &request, Callback callback)
    {
        m_pending.insert(request.value(QStringLiteral("id")).toVariant().toString(), std::move(callback));
        m_socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    }

    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QJsonObject message = QJsonDocument::fromJson(m_buffer.left(newline)).object();
            m_buffer.remove(0, newline + 1);
            if (message.contains(QStringLiteral("method")) || !message.contains(QStringLiteral("id")))
                continue; // notifications (progress, list changes)
            const QString id = message.value(QStringLiteral("id")).toVariant().toString();
            const Callback callback = m_pending.take(id);
            if (callback)
                callback(message);
        }
    }

    QLocalSocket m_socket;
    QByteArray m_buffer;
    QHash<QString, Callback> m_pending;
    int m_nextId = 0;
};

/// Peak resident memory of the app's processes, sampled from /proc while the soak runs.
class MemorySampler
{
public:
    void sample(qint64 pid)
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return;
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() < 2)
                continue;
            if (fields.first() == "VmRSS:")
                m_peakRssKb = std::max(m_peakRssKb, fields.at(1).toLongLong());
            else if (fields.first() == "VmHWM:")
                m_peakHwmKb = std::max(m_peakHwmKb, fields.at(1).toLongLong());
        }
        ++m_samples;
    }
    qint64 peakRssKb() const { return m_peakRssKb; }
    qint64 peakHwmKb() const { return m_peakHwmKb; }
    int samples() const { return m_samples; }

private:
    qint64 m_peakRssKb = 0;
    qint64 m_peakHwmKb = 0;
    int m_samples = 0;
};

} // namespace

class tst_FaultSoak final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    FakeOpenAiServer m_server;
    quint64 m_seed = 0;
    std::unique_ptr<QProcess> m_app;
    SoakClient m_client;
    QList<SoakJob> m_jobs;
    int m_nextJob = 0;
    int m_active = 0;
    int m_finished = 0;
    bool m_appUp = false;
    bool m_failed = false;
    MemorySampler m_memory;
    QTimer m_memoryTimer;
    QMap<Kind, QByteArray> m_imageDigests;

    // Which jobs a failed wait left behind, so a red run says where to look.
    QString describeUnfinished() const
    {
        QStringList out;
        for (const SoakJob &job : m_jobs)
            if (!job.done)
                out.append(QStringLiteral("%1 kind %2 stage %3 remote '%4' attempts %5%6%7")
                               .arg(job.marker)
                               .arg(int(job.kind))
                               .arg(int(job.stage))
                               .arg(job.remoteId)
                               .arg(job.attempts)
                               .arg(job.waiting ? QStringLiteral(" waiting") : QString())
                               .arg(job.interrupted ? QStringLiteral(" interrupted") : QString()));
        return out.join(QStringLiteral("; "));
    }

    QString socketPath() const { return m_root.filePath(QStringLiteral("run/mcp.sock")); }
    QString mediaPath() const { return m_root.filePath(QStringLiteral("media")); }
    QString imagesPath() const { return m_root.filePath(QStringLiteral("media/images")); }
    QString videosPath() const { return m_root.filePath(QStringLiteral("media/videos")); }
    QString queuePath() const
    {
        return m_root.filePath(QStringLiteral("data/sanzaru-qt/sanzaru-qt/queue.json"));
    }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env;
        const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), system.value(QStringLiteral("PATH")));
        env.insert(QStringLiteral("HOME"), m_root.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_root.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_root.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_root.filePath(QStringLiteral("xdg-run")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("SANZARU_QT_SOCKET"), socketPath());
        env.insert(QStringLiteral("SANZARU_MEDIA_PATH"), mediaPath());
        env.insert(QStringLiteral("OPENAI_API_KEY"), QString::fromLatin1(m_server.apiKey()));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server.baseUrl().toString());
        // Stalled bodies and heads are abandoned after 1.5 s instead of a minute.
        env.insert(QStringLiteral("SANZARU_QT_STALL_TIMEOUT_MS"), QStringLiteral("1500"));
        // A paid call whose upload is done waits for its answer's head far longer than the stall rule
        // (600 s by default: generation is slow); a stalled head there must end within the soak's wait.
        env.insert(QStringLiteral("SANZARU_QT_RESPONSE_TIMEOUT_MS"), QStringLiteral("4000"));
        return env;
    }

    bool startApp()
    {
        m_app = std::make_unique<QProcess>();
        m_app->setProgram(
            QProcessEnvironment::systemEnvironment().value(QStringLiteral("SANZARU_QT_BINARY")));
        m_app->setProcessEnvironment(environment());
        // The app's own warnings about the injected faults would drown the test's output.
        m_app->setStandardErrorFile(m_root.filePath(QStringLiteral("app-stderr.log")), QIODevice::Append);
        m_app->start();
        if (!m_app->waitForStarted(10000))
            return false;
        const qint64 pid = m_app->processId();
        m_memory.sample(pid);
        if (!QTest::qWaitFor([&] { return m_client.connectAndInitialize(socketPath()); }, 20000))
            return false;
        m_appUp = true;
        return true;
    }

    QList<JobRecord> savedJobs() const
    {
        QFile file(queuePath());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const Result<JobStore::Loaded> loaded = JobStore::parse(file.readAll());
        return loaded ? loaded->jobs : QList<JobRecord>();
    }

    // --- the client-side job driver ---

    void fillSlots()
    {
        while (m_active < maxActiveJobs && m_nextJob < m_jobs.size()) {
            ++m_active;
            issue(m_nextJob++);
        }
    }

    void finishJob(int index, bool completed, const QString &kind = {}, const QString &message = {})
    {
        SoakJob &job = m_jobs[index];
        job.done = true;
        job.completed = completed;
        job.errorKind = kind;
        job.errorMessage = message;
        --m_active;
        ++m_finished;
        fillSlots();
    }

    void issue(int index)
    {
        SoakJob &job = m_jobs[index];
        if (!m_appUp) {
            job.waiting = true;
            return;
        }
        const QString prompt = QStringLiteral("soak job %1 %2").arg(job.marker, kindName(job.kind));
        QString tool;
        QJsonObject args;
        switch (job.stage) {
        case Stage::Submit:
            switch (job.kind) {
            case Kind::Video:
                tool = QStringLiteral("create_video");
                args = {{QStringLiteral("prompt"), prompt},
                        {QStringLiteral("seconds"), QStringLiteral("4")},
                        {QStringLiteral("size"), QStringLiteral("1280x720")}};
                break;
            case Kind::ImageGenerate:
                tool = QStringLiteral("generate_image");
                args = {{QStringLiteral("prompt"), prompt},
                        {QStringLiteral("size"), QStringLiteral("1024x1024")},
                        {QStringLiteral("background"), QStringLiteral("opaque")},
                        {QStringLiteral("output_format"), QStringLiteral("jpeg")},
                        {QStringLiteral("filename"), job.fileName}};
                break;
            case Kind::ImageEdit:
                tool = QStringLiteral("edit_image");
                args = {{QStringLiteral("prompt"), prompt},
                        {QStringLiteral("input_images"), QJsonArray{QStringLiteral("soak-input.png")}},
                        {QStringLiteral("size"), QStringLiteral("1024x1024")},
                        {QStringLiteral("background"), QStringLiteral("opaque")},
                        {QStringLiteral("output_format"), QStringLiteral("webp")},
                        {QStringLiteral("filename"), job.fileName}};
                break;
            case Kind::ResponsesImage:
                tool = QStringLiteral("create_image");
                args = {{QStringLiteral("prompt"), prompt},
                        {QStringLiteral("tool_config"),
                         QJsonObject{{QStringLiteral("type"), QStringLiteral("image_generation")},
                                     {QStringLiteral("size"), QStringLiteral("1024x1024")},
                                     {QStringLiteral("background"), QStringLiteral("opaque")},
                                     {QStringLiteral("output_format"), QStringLiteral("jpeg")}}}};
                break;
            case Kind::Prepare:
                tool = QStringLiteral("prepare_reference_image");
                args = {{QStringLiteral("input_filename"), QStringLiteral("soak-reference.jpg")},
                        {QStringLiteral("target_size"), QStringLiteral("1280x720")},
                        {QStringLiteral("resize_mode"), QStringLiteral("crop")},
                        {QStringLiteral("output_filename"), job.fileName}};
                break;
            case Kind::Download:
                break;
            }
            break;
        case Stage::Poll:
            tool = job.kind == Kind::Video ? QStringLiteral("get_video_status")
                                           : QStringLiteral("get_image_status");
            args = {{job.kind == Kind::Video ? QStringLiteral("video_id") : QStringLiteral("response_id"),
                     job.remoteId}};
            break;
        case Stage::Fetch:
            if (job.isVideo()) {
                tool = QStringLiteral("download_video");
                args = {{QStringLiteral("video_id"), job.remoteId},
                        {QStringLiteral("filename"), job.fileName}};
            } else {
                tool = QStringLiteral("download_image");
                args = {{QStringLiteral("response_id"), job.remoteId},
                        {QStringLiteral("filename"), job.fileName}};
            }
            break;
        }
        job.waiting = false;
        m_client.call(tool, args, [this, index](const QJsonObject &response) { answered(index, response); });
        m_inFlight.insert(index);
    }

    QSet<int> m_inFlight;

    void answered(int index, const QJsonObject &response)
    {
        m_inFlight.remove(index);
        SoakJob &job = m_jobs[index];
        const CallOutcome out = outcomeOf(response);
        if (!out.ok) {
            if (job.paidStage()) {
                finishJob(index, false, out.kind, out.message); // never sent twice by the client either
                return;
            }
            if (++job.attempts >= maxCallAttempts) {
                finishJob(index, false, out.kind, out.message);
                return;
            }
            QTimer::singleShot(150 * job.attempts, this, [this, index] { issue(index); });
            return;
        }
        job.attempts = 0;
        switch (job.stage) {
        case Stage::Submit:
            if (job.kind == Kind::Video || job.kind == Kind::ResponsesImage) {
                job.remoteId = out.structured.value(QStringLiteral("id")).toString();
                job.stage = Stage::Poll;
                QTimer::singleShot(50, this, [this, index] { issue(index); });
                return;
            }
            finishJob(index, true);
            return;
        case Stage::Poll: {
            const QString status = out.structured.value(QStringLiteral("status")).toString();
            if (status == QLatin1String("completed")) {
                job.stage = Stage::Fetch;
                issue(index);
            } else if (status == QLatin1String("queued") || status == QLatin1String("in_progress")) {
                QTimer::singleShot(100, this, [this, index] { issue(index); });
            } else {
                finishJob(index, false, QStringLiteral("job_failed"),
                          QStringLiteral("remote job ended as %1").arg(status));
            }
            return;
        }
        case Stage::Fetch:
            finishJob(index, true);
            return;
        }
    }

    /// The app died: answers to the calls in flight will never come.
    void onAppKilled()
    {
        m_appUp = false;
        m_client.dropPending();
        const QSet<int> inFlight = std::exchange(m_inFlight, {});
        for (int index : inFlight) {
            SoakJob &job = m_jobs[index];
            if (job.paidStage()) {
                // The paid request may have reached the server: the client does not send it again; the
                // restarted app's queue must account for it (checked at the end).
                job.interrupted = true;
                finishJob(index, false, QStringLiteral("interrupted"), QStringLiteral("app killed"));
            } else {
                job.waiting = true;
            }
        }
    }

    void onAppBack()
    {
        for (int i = 0; i < m_jobs.size(); ++i) {
            if (m_jobs.at(i).waiting && !m_jobs.at(i).done)
                issue(i);
        }
    }

    void installRandomFaults()
    {
        FakeRandomFaults faults(m_seed);
        faults.add(QStringLiteral("429 + Retry-After"), 0.04, Fault::httpStatus(429, {{"Retry-After", "1"}}));
        faults.add(QStringLiteral("500"), 0.015, Fault::httpStatus(500));
        faults.add(QStringLiteral("502"), 0.015, Fault::httpStatus(502));
        faults.add(QStringLiteral("503"), 0.015, Fault::httpStatus(503));
        faults.add(QStringLiteral("drop before request"), 0.02, Fault::of(Fault::Kind::DropBeforeRequest));
        faults.add(QStringLiteral("drop before response"), 0.02, Fault::of(Fault::Kind::DropBeforeResponse));
        faults.add(QStringLiteral("drop mid-body"), 0.02, Fault::of(Fault::Kind::DropMidBody));
        faults.add(QStringLiteral("slow body"), 0.03, Fault::slowBody(16 * 1024, 5));
        faults.add(QStringLiteral("stalled body"), 0.01, Fault::of(Fault::Kind::StallBody));
        faults.add(QStringLiteral("stalled head"), 0.01, Fault::of(Fault::Kind::StallHeaders));
        // Only where the API answers JSON (a video's /content is binary and shares the GET prefix).
        faults.add(QStringLiteral("malformed JSON"), 0.02, Fault::of(Fault::Kind::MalformedJson), "POST");
        faults.add(QStringLiteral("malformed JSON"), 0.02, Fault::of(Fault::Kind::MalformedJson), "GET",
                   QStringLiteral("/v1/responses/*"));
        m_server.setRandomFaults(faults);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        for (const char *dir : {"home", "data", "config", "xdg-run", "run", "media/images", "media/videos"})
            QVERIFY(QDir().mkpath(m_root.filePath(QString::fromLatin1(dir))));
        QFile::setPermissions(m_root.filePath(QStringLiteral("xdg-run")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(TestImages::write(QDir(imagesPath()).filePath(QStringLiteral("soak-input.png")),
                                  TestImages::encode(TestImages::photoLike({256, 256}), "PNG")));
        QVERIFY(TestImages::write(QDir(imagesPath()).filePath(QStringLiteral("soak-reference.jpg")),
                                  TestImages::encode(TestImages::photoLike({960, 720}, 7), "JPEG")));
        QVERIFY(m_server.start());

        bool seeded = false;
        // A fixed default keeps CI reproducible; SANZARU_SOAK_SEED=random explores a new fault stream.
        const QString seedVar = qEnvironmentVariable("SANZARU_SOAK_SEED");
        m_seed = seedVar.toULongLong(&seeded);
        if (seedVar == QLatin1String("random"))
            m_seed = QRandomGenerator::system()->generate64() % 1000000007ULL;
        else if (!seeded)
            m_seed = 730482138ULL;
        qInfo("fault soak seed: %llu (replay with SANZARU_SOAK_SEED=%llu)", m_seed, m_seed);

        // What the fake server serves for each image request of the soak (its payloads are deterministic).
        FakeMedia media;
        m_imageDigests.insert(Kind::ImageGenerate, sha256(media.image("jpeg", {1024, 1024}, false)));
        m_imageDigests.insert(Kind::ImageEdit, sha256(media.image("webp", {1024, 1024}, false)));
        m_imageDigests.insert(Kind::ResponsesImage, sha256(media.image("jpeg", {1024, 1024}, false)));

        QList<SoakJob> jobs;
        for (const auto &[kind, count] : jobMix) {
            for (int i = 0; i < count; ++i) {
                SoakJob job;
                job.kind = kind;
                jobs.append(job);
            }
        }
        // A seeded shuffle: every kind runs through every phase of the soak.
        QRandomGenerator order{quint32(m_seed)};
        for (qsizetype i = jobs.size() - 1; i > 0; --i)
            jobs.swapItemsAt(i, order.bounded(int(i + 1)));
        for (int i = 0; i < jobs.size(); ++i) {
            SoakJob &job = jobs[i];
            job.index = i;
            job.marker = QStringLiteral("[soak-%1]").arg(i, 3, 10, QLatin1Char('0'));
            const QString stem = QStringLiteral("soak-%1").arg(i, 3, 10, QLatin1Char('0'));
            switch (job.kind) {
            case Kind::Video:
            case Kind::Download:
                job.fileName = stem + QStringLiteral(".mp4");
                break;
            case Kind::ImageGenerate:
            case Kind::ResponsesImage:
                job.fileName = stem + QStringLiteral(".jpeg");
                break;
            case Kind::ImageEdit:
                job.fileName = stem + QStringLiteral(".webp");
                break;
            case Kind::Prepare:
                job.fileName = stem + QStringLiteral("-prepared.png");
                break;
            }
            if (job.kind == Kind::Download) {
                job.remoteId = m_server.addCompletedVideo();
                job.stage = Stage::Fetch;
            }
        }
        m_jobs = jobs;
    }

    void soak()
    {
        QElapsedTimer clock;
        clock.start();
        installRandomFaults();
        QVERIFY(startApp());
        connect(&m_memoryTimer, &QTimer::timeout, this, [this] {
            if (m_app && m_app->state() == QProcess::Running)
                m_memory.sample(m_app->processId());
        });
        m_memoryTimer.start(200);
        fillSlots();

        // 1. A third of the jobs through, the server vanishes (connections refused) and returns on its port.
        const int total = int(m_jobs.size());
        QVERIFY2(QTest::qWaitFor([&] { return m_finished >= total / 3; }, 90000),
                 qPrintable(QStringLiteral("%1 of %2 jobs finished").arg(m_finished).arg(total)));
        const quint16 port = m_server.port();
        m_server.stop();
        QTest::qWait(1500);
        QVERIFY2(m_server.start(port), "the fake server could not listen again on its port");
        const int vanishedAt = m_finished;

        // 2. Two thirds through, SIGKILL of the app with jobs running; started again on the same files.
        QVERIFY2(QTest::qWaitFor([&] { return m_finished >= 2 * total / 3; }, 90000),
                 qPrintable(QStringLiteral("%1 of %2 jobs finished").arg(m_finished).arg(total)));
        const int inFlightAtKill = int(m_inFlight.size());
        m_memory.sample(m_app->processId());
        m_app->kill();
        QVERIFY(m_app->waitForFinished(10000));
        QCOMPARE(m_app->exitStatus(), QProcess::CrashExit);
        onAppKilled();
        const int killedAt = m_finished;
        QVERIFY(startApp());
        // One paid call after the restart whose answer never starts: it must end with the timeout that
        // says it may have been billed, not hold the job forever.
        m_server.addFault("POST", QStringLiteral("/v1/images/edits"), Fault::of(Fault::Kind::StallHeaders));
        onAppBack();

        // 3. Every job ends.
        QVERIFY2(QTest::qWaitFor([&] { return m_finished == total; }, 120000),
                 qPrintable(QStringLiteral("%1 of %2 jobs finished; unfinished: %3")
                                .arg(m_finished)
                                .arg(total)
                                .arg(describeUnfinished())));
        const QMap<QString, int> faultCounts = m_server.randomFaultCounts();
        m_server.clearRandomFaults();

        // 4. The app's queue settles: every job it knows is terminal, failures carry an actionable error.
        QList<JobRecord> saved;
        const bool settled = QTest::qWaitFor(
            [&] {
                saved = savedJobs();
                return !saved.isEmpty() && std::all_of(saved.cbegin(), saved.cend(), [](const JobRecord &r) {
                    return isTerminal(r.state);
                });
            },
            60000);
        QStringList unsettled;
        QMap<QString, int> queueStates;
        for (const JobRecord &r : std::as_const(saved)) {
            ++queueStates[jobKindId(r.kind) + QLatin1Char('/') + jobStateId(r.state)];
            if (!isTerminal(r.state))
                unsettled << QStringLiteral("%1 %2 %3: %4")
                                 .arg(r.id, jobKindId(r.kind), jobStateId(r.state), r.statusText);
            if (r.state == JobState::Failed) {
                QVERIFY2(r.error && !r.error->message.isEmpty() &&
                             actionableKinds.contains(r.error->kindName()),
                         qPrintable(
                             QStringLiteral("queue job %1 (%2, %3) failed without an actionable error: %4 %5")
                                 .arg(r.id, jobKindId(r.kind), r.prompt(),
                                      r.error ? r.error->kindName() : QStringLiteral("(none)"),
                                      r.error ? r.error->message : QString())));
            }
        }
        QVERIFY2(settled, qPrintable(QStringLiteral("jobs still running in the app's queue:\n") +
                                     unsettled.join(QLatin1Char('\n'))));

        // Findings are collected so that one run reports all of them with the figures.
        QStringList problems;
        const auto check = [&problems](bool ok, const char *what) {
            if (!ok)
                problems.append(QString::fromUtf8(what));
        };
        // 5. Each client job: completed with a correct file, or an actionable error.
        QMap<QString, int> completedPerKind, failedPerKind, errorKinds;
        int interrupted = 0;
        for (const SoakJob &job : std::as_const(m_jobs)) {
            const QString what = QStringLiteral("%1 %2").arg(job.marker, kindName(job.kind));
            if (job.interrupted) {
                ++interrupted;
                // The queue must know it: terminal, with an actionable error if it failed. Only a job
                // whose paid request never reached the server may be unknown.
                const auto record = std::find_if(saved.cbegin(), saved.cend(), [&](const JobRecord &r) {
                    return r.prompt().contains(job.marker);
                });
                if (record == saved.cend()) {
                    check(paidExecutions(job.marker) == 0,
                          qPrintable(what + QStringLiteral(": paid request executed, job lost by the app")));
                    ++errorKinds[QStringLiteral("interrupted, never sent")];
                } else {
                    ++errorKinds[QStringLiteral("interrupted, ") + jobStateId(record->state)];
                }
                ++failedPerKind[kindName(job.kind)];
                continue;
            }
            if (!job.completed) {
                check(actionableKinds.contains(job.errorKind) && !job.errorMessage.isEmpty(),
                      qPrintable(what + QStringLiteral(" failed without an actionable error: ") +
                                 job.errorKind + QLatin1Char(' ') + job.errorMessage));
                ++failedPerKind[kindName(job.kind)];
                ++errorKinds[job.errorKind];
                continue;
            }
            ++completedPerKind[kindName(job.kind)];
            const QString path = QDir(job.isVideo() ? videosPath() : imagesPath()).filePath(job.fileName);
            check(QFileInfo::exists(path), qPrintable(what + QStringLiteral(": completed but no ") + path));
        }

        // 6. Media folders: no temporary or partial file; every file is exactly what the server served.
        int checkedFiles = 0;
        QDirIterator it(mediaPath(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString name = it.fileName();
            if (name.startsWith(QLatin1Char('.')) || name.endsWith(QLatin1String(".sanzaru-part"))) {
                const int owner = name.mid(6, 3).toInt();
                const SoakJob *job = owner >= 0 && owner < m_jobs.size() ? &m_jobs.at(owner) : nullptr;
                check(false,
                      qPrintable(QStringLiteral("temporary file left behind: %1 (job %2, %3)")
                                     .arg(path, job ? kindName(job->kind) : QStringLiteral("?"),
                                          !job               ? QString()
                                          : job->interrupted ? QStringLiteral("interrupted by the kill")
                                          : job->completed
                                              ? QStringLiteral("completed")
                                              : job->errorKind + QLatin1Char(' ') + job->errorMessage)));
                continue;
            }
            if (name == QLatin1String("soak-input.png") || name == QLatin1String("soak-reference.jpg"))
                continue;
            const int index = name.mid(5, 3).toInt();
            if (!name.startsWith(QLatin1String("soak-")) || index < 0 || index >= m_jobs.size() ||
                m_jobs.at(index).fileName != name) {
                check(false, qPrintable(QStringLiteral("unexpected file: ") + path));
                continue;
            }
            const SoakJob &job = m_jobs.at(index);
            ++checkedFiles;
            if (job.kind == Kind::Prepare) {
                QImageReader reader(path);
                const QByteArray format = reader.format();
                const QImage image = reader.read();
                check(format == "png" && image.size() == QSize(1280, 720),
                      qPrintable(QStringLiteral("corrupt prepared image: %1 (%2, %3x%4) %5")
                                     .arg(path, QString::fromLatin1(format))
                                     .arg(image.width())
                                     .arg(image.height())
                                     .arg(reader.errorString())));
                continue;
            }
            const QByteArray expected =
                job.isVideo() ? sha256(m_server.videoContent(job.remoteId)) : m_imageDigests.value(job.kind);
            check(!job.isVideo() || !job.remoteId.isEmpty(), qPrintable(path));
            check(fileSha256(path) == expected,
                  qPrintable(QStringLiteral("corrupt file (SHA-256 differs from what was served): ") + path));
        }

        // 7. No paid request executed twice for one job (the client never re-sends one, nor may the app).
        QMap<QString, int> paidSent;
        int duplicates = 0;
        for (const SoakJob &job : std::as_const(m_jobs)) {
            const int executed = paidExecutions(job.marker);
            if (executed > 1) {
                ++duplicates;
                qWarning("%s: paid request executed %d times", qPrintable(job.marker), executed);
            }
        }
        for (const char *route :
             {"/v1/videos", "/v1/images/generations", "/v1/images/edits", "/v1/responses"}) {
            const QString path = QString::fromLatin1(route);
            paidSent[path + QStringLiteral(" sent")] = m_server.requestCount("POST", path);
            paidSent[path + QStringLiteral(" executed")] =
                int(m_server.executedRequestsMatching("POST", path).size());
        }
        check(duplicates == 0, "a paid request was executed twice");

        // 8. Memory.
        m_memoryTimer.stop();
        if (m_app->state() == QProcess::Running)
            m_memory.sample(m_app->processId());

        qInfo("fault soak: seed %llu, %d jobs in %.1f s; server vanished after %d, app killed after %d "
              "(%d calls in flight), 1 restart",
              m_seed, total, double(clock.elapsed()) / 1000.0, vanishedAt, killedAt, inFlightAtKill);
        const auto print = [](const char *title, const QMap<QString, int> &map) {
            QStringList parts;
            for (auto i = map.cbegin(); i != map.cend(); ++i)
                parts << QStringLiteral("%1 %2").arg(i.key()).arg(i.value());
            qInfo("  %s: %s", title, qPrintable(parts.join(QStringLiteral(", "))));
        };
        print("completed", completedPerKind);
        print("failed", failedPerKind);
        print("errors", errorKinds);
        print("faults injected", faultCounts);
        print("paid POSTs", paidSent);
        print("app queue", queueStates);
        qInfo("  files checked %d; interrupted paid calls %d; peak VmRSS %lld MB, VmHWM %lld MB (%d samples)",
              checkedFiles, interrupted, m_memory.peakRssKb() / 1024, m_memory.peakHwmKb() / 1024,
              m_memory.samples());
        for (const QString &problem : std::as_const(problems))
            qWarning("soak finding: %s", qPrintable(problem));
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 findings (seed %2), first: %3")
                                                    .arg(problems.size())
                                                    .arg(m_seed)
                                                    .arg(problems.value(0))));
        QVERIFY2(m_memory.peakHwmKb() < memoryCeilingKb && m_memory.peakRssKb() < memoryCeilingKb,
                 qPrintable(QStringLiteral("peak memory %1 kB").arg(m_memory.peakHwmKb())));
        QVERIFY(m_memory.samples() > 10);
        QVERIFY(completedPerKind.value(kindName(Kind::Video)) > 0);

        m_app->terminate();
        QVERIFY(m_app->waitForFinished(10000));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            m_failed = true;
    }

    void cleanupTestCase()
    {
        if (m_failed) {
            // The app's log and the media are the evidence of a red run.
            m_root.setAutoRemove(false);
            qInfo("fault soak: kept %s (app-stderr.log, queue, media)", qPrintable(m_root.path()));
        }
        if (m_app && m_app->state() != QProcess::NotRunning) {
            m_app->kill();
            m_app->waitForFinished(10000);
        }
    }

private:
    /// POSTs to a paid route the server executed for this job.
    int paidExecutions(const QString &marker) const
    {
        int count = 0;
        const QByteArray needle = marker.toUtf8();
        for (const char *route :
             {"/v1/videos", "/v1/images/generations", "/v1/images/edits", "/v1/responses"}) {
            const QList<RecordedRequest> executed =
                m_server.executedRequestsMatching("POST", QString::fromLatin1(route));
            for (const RecordedRequest &r : executed)
                count += r.body.contains(needle) ? 1 : 0;
        }
        return count;
    }
};

QTEST_GUILESS_MAIN(tst_FaultSoak)
#include "tst_faultsoak.moc"
