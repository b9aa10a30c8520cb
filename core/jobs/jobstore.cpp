// SPDX-License-Identifier: MIT
#include "jobstore.h"

#include "storage/atomicfile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace Sanzaru::Core {

Q_LOGGING_CATEGORY(lcJobStore, "sanzaru.jobs.store")

namespace {

const QString formatName = QStringLiteral("sanzaru-qt.queue");

QString tr(const char *text)
{
    return QCoreApplication::translate("Sanzaru::Core::JobStore", text);
}

QString asideName(const QString &path, const QString &suffix)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString candidate = QStringLiteral("%1.%2-%3").arg(path, suffix, stamp);
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = QStringLiteral("%1.%2-%3-%4").arg(path, suffix, stamp).arg(n);
    return candidate;
}

struct ParseOutcome
{
    JobStore::Loaded loaded;
    bool moveAside = false;
    bool copyAside = false;
    QString suffix;
};

ParseOutcome parseFile(const QByteArray &bytes)
{
    ParseOutcome outcome;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (!doc.isObject()) {
        outcome.moveAside = true;
        outcome.suffix = QStringLiteral("corrupt");
        outcome.loaded.warning = tr("The saved job queue could not be read (%1 at byte %2).")
                                     .arg(parseError.errorString())
                                     .arg(parseError.offset);
        return outcome;
    }
    const QJsonObject root = doc.object();
    const int version = root.value(QStringLiteral("version")).toInt(-1);
    if (root.value(QStringLiteral("format")).toString() != formatName || version < 1) {
        outcome.moveAside = true;
        outcome.suffix = QStringLiteral("corrupt");
        outcome.loaded.warning = tr("The saved job queue is not a sanzaru-qt queue file.");
        return outcome;
    }
    if (version > JobStore::FormatVersion) {
        outcome.moveAside = true;
        outcome.suffix = QStringLiteral("v%1").arg(version);
        outcome.loaded.warning =
            tr("The saved job queue was written by a newer sanzaru-qt (format %1; this version reads %2).")
                .arg(version)
                .arg(JobStore::FormatVersion);
        return outcome;
    }
    int skipped = 0;
    QString firstProblem;
    const QJsonArray jobs = root.value(QStringLiteral("jobs")).toArray();
    outcome.loaded.jobs.reserve(jobs.size());
    for (const QJsonValue &value : jobs) {
        Result<JobRecord> record = JobRecord::fromJson(value.toObject());
        if (record) {
            outcome.loaded.jobs.append(std::move(record).value());
        } else {
            if (skipped++ == 0)
                firstProblem = record.error().message;
        }
    }
    if (skipped > 0) {
        outcome.copyAside = true;
        outcome.suffix = QStringLiteral("partial");
        outcome.loaded.warning =
            QCoreApplication::translate("Sanzaru::Core::JobStore",
                                        "%n saved job(s) could not be read and were left out (%1).", nullptr,
                                        skipped)
                .arg(firstProblem);
    }
    return outcome;
}

} // namespace

JobStore::JobStore(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath)
{
    m_writer.setMaxThreadCount(1);
}

JobStore::~JobStore()
{
    // Writes still queued finish before the store goes (shutdown only; never on a running event loop).
    m_writer.waitForDone();
}

QString JobStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/queue.json");
}

QByteArray JobStore::serialize(const QList<JobRecord> &jobs)
{
    QJsonArray array;
    for (const JobRecord &record : jobs)
        array.append(record.toJson());
    const QJsonObject root{{QStringLiteral("format"), formatName},
                           {QStringLiteral("version"), FormatVersion},
                           {QStringLiteral("jobs"), array}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

Result<JobStore::Loaded> JobStore::parse(const QByteArray &bytes)
{
    ParseOutcome outcome = parseFile(bytes);
    if (outcome.moveAside)
        return Error::badInput(outcome.loaded.warning);
    return outcome.loaded;
}

QFuture<JobStore::Loaded> JobStore::load() const
{
    const QString path = m_filePath;
    return QtConcurrent::run([path]() -> Loaded {
        QFile file(path);
        if (!file.exists())
            return {};
        if (!file.open(QIODevice::ReadOnly)) {
            Loaded loaded;
            loaded.warning =
                tr("The saved job queue %1 could not be opened: %2").arg(path, file.errorString());
            return loaded;
        }
        const QByteArray bytes = file.readAll();
        file.close();
        ParseOutcome outcome = parseFile(bytes);
        if (outcome.moveAside || outcome.copyAside) {
            const QString aside = asideName(path, outcome.suffix);
            const bool done = outcome.moveAside ? QFile::rename(path, aside) : QFile::copy(path, aside);
            if (done)
                outcome.loaded.warning += QLatin1Char(' ') + tr("The file was kept as %1.").arg(aside);
            qCWarning(lcJobStore).noquote() << outcome.loaded.warning;
        }
        return outcome.loaded;
    });
}

quint64 JobStore::save(const QList<JobRecord> &jobs)
{
    const quint64 generation = ++m_generation;
    const QString path = m_filePath;
    QPointer<JobStore> self(this);
    // Serializing runs on the writer thread too: the caller only copied implicitly shared records.
    QtConcurrent::run(&m_writer, [jobs, path]() -> QString {
        const QByteArray bytes = serialize(jobs);
        QDir().mkpath(QFileInfo(path).absolutePath());
        AtomicFile file(path);
        Result<void> ok = file.open();
        if (ok)
            ok = file.write(bytes);
        if (ok)
            ok = file.commit();
        return ok ? QString() : ok.error().message;
    }).then(this, [self, generation](const QString &error) {
        if (!self)
            return;
        if (error.isEmpty())
            self->m_savedGeneration = std::max(self->m_savedGeneration, generation);
        else
            qCWarning(lcJobStore).noquote() << "could not save the job queue:" << error;
        emit self->saved(generation, error.isEmpty(), error);
    });
    return generation;
}

} // namespace Sanzaru::Core
