// SPDX-License-Identifier: MIT
#include "referencepreparation.h"

#include "jobs/jobqueue.h"
#include "media/referenceimporter.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonObject>

namespace Sanzaru::Core {

ReferencePreparation::ReferencePreparation(JobQueue *queue, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_pool(pool)
{
    connect(m_queue, &JobQueue::jobFinished, this, &ReferencePreparation::onJobFinished);
}

void ReferencePreparation::prepare(const QString &path, const QString &size, const QString &resizeMode)
{
    const QFileInfo info(path);
    if (!m_imageDir.isEmpty() && info.canonicalPath() == QFileInfo(m_imageDir).canonicalFilePath()) {
        submit(info.fileName(), size, resizeMode); // already in the folder: no second copy
        return;
    }
    if (m_imageDir.isEmpty()) {
        emit failed(tr("The image folder is not available, so %1 cannot be used as a reference.")
                        .arg(info.fileName()));
        return;
    }
    auto *watcher = new QFutureWatcher<ReferenceImportResult>(this);
    connect(watcher, &QFutureWatcher<ReferenceImportResult>::finished, this,
            [this, watcher, size, resizeMode] {
                watcher->deleteLater();
                if (watcher->future().resultCount() == 0) {
                    emit failed(tr("The import was cancelled."));
                    return;
                }
                const ReferenceImportResult result = watcher->future().resultAt(0);
                if (!result.ok()) {
                    emit failed(result.message());
                    return;
                }
                submit(result.importedName, size, resizeMode);
            });
    watcher->setFuture(ReferenceImporter(m_imageDir, m_pool).import({path}));
}

void ReferencePreparation::submit(const QString &fileName, const QString &size, const QString &resizeMode)
{
    const QString id =
        m_queue->submit(JobKind::PrepareReference, {{QStringLiteral("input_filename"), fileName},
                                                    {QStringLiteral("target_size"), size},
                                                    {QStringLiteral("resize_mode"), resizeMode}});
    m_pending.insert(id);
}

void ReferencePreparation::onJobFinished(const QString &id)
{
    if (!m_pending.remove(id))
        return;
    const JobRecord *record = m_queue->find(id);
    if (record && record->state == JobState::Completed && !record->outputPath().isEmpty())
        emit prepared(QFileInfo(record->outputPath()).fileName());
    else if (record && record->error)
        emit failed(record->error->message);
    else
        emit failed(tr("The reference preparation was cancelled."));
}

} // namespace Sanzaru::Core
