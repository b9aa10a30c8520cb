// SPDX-License-Identifier: MIT
#include "shortcuttable.h"

#include <QKeyEvent>

namespace Sanzaru::Ui {

namespace {

/// The explicit key first (so every platform has one), then the platform's primary standard key when it
/// differs and is not empty (QKeySequence::Preferences is empty on X11 and Windows, Quit on Windows).
QList<QKeySequence> withStandard(const QKeySequence &explicitKey, QKeySequence::StandardKey standard)
{
    QList<QKeySequence> keys{explicitKey};
    if (const QKeySequence primary(standard); !primary.isEmpty() && primary != explicitKey)
        keys.append(primary);
    return keys;
}

} // namespace

QList<ShortcutTable::Entry> ShortcutTable::all()
{
    const QString window = tr("Window");
    const QString jobs = tr("Job list");
    const QString forms = tr("Video and image forms");
    const QString preview = tr("Preview");
    const auto key = [](QKeyCombination combination) { return QKeySequence(combination); };
    return {
        {Id::NewVideo, window, tr("New video"), withStandard(key(Qt::CTRL | Qt::Key_N), QKeySequence::New)},
        {Id::NewImage, window, tr("New image"), {key(Qt::CTRL | Qt::SHIFT | Qt::Key_N)}},
        {Id::ImportReferences, window, tr("Import reference images"), {key(Qt::CTRL | Qt::Key_I)}},
        {Id::Settings, window, tr("Settings"),
         withStandard(key(Qt::CTRL | Qt::Key_Comma), QKeySequence::Preferences)},
        {Id::KeyboardShortcuts, window, tr("Keyboard shortcuts"), {key(Qt::CTRL | Qt::Key_Slash)}},
        {Id::Quit, window, tr("Quit"), withStandard(key(Qt::CTRL | Qt::Key_Q), QKeySequence::Quit)},
        {Id::SubmitForm,
         forms,
         tr("Create (submit the form)"),
         {key(Qt::CTRL | Qt::Key_Return), key(Qt::CTRL | Qt::Key_Enter)}},
        {Id::CancelJob, jobs, tr("Cancel"), {key(Qt::CTRL | Qt::Key_Period)}},
        {Id::RetryJob, jobs, tr("Retry"), {key(Qt::CTRL | Qt::Key_R)}},
        {Id::DownloadJob, jobs, tr("Download"), {key(Qt::CTRL | Qt::Key_D)}},
        {Id::OpenJob, jobs, tr("Open (Enter too)"), {key(Qt::CTRL | Qt::Key_O)}},
        {Id::ShowJobInFolder, jobs, tr("Show in folder"), {key(Qt::CTRL | Qt::SHIFT | Qt::Key_O)}},
        {Id::CopyPrompt, jobs, tr("Copy prompt"),
         withStandard(key(Qt::CTRL | Qt::Key_C), QKeySequence::Copy)},
        {Id::CopyJobId, jobs, tr("Copy job id"), {key(Qt::CTRL | Qt::SHIFT | Qt::Key_C)}},
        {Id::RemoveJob, jobs, tr("Remove"), withStandard(key(Qt::Key_Delete), QKeySequence::Delete)},
        {Id::ClearFinished, jobs, tr("Clear finished"), {key(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete)}},
        {Id::ZoomIn, preview, tr("Zoom in (Ctrl+wheel too)"), {key(Qt::Key_Plus), key(Qt::Key_Equal)}},
        {Id::ZoomOut, preview, tr("Zoom out"), {key(Qt::Key_Minus)}},
        {Id::FitToWindow, preview, tr("Fit to the window"), {key(Qt::Key_0)}},
        {Id::ActualSize, preview, tr("Actual size"), {key(Qt::Key_1)}},
        {Id::PlayPause, preview, tr("Play / pause the video"), {key(Qt::Key_Space)}},
    };
}

QList<QKeySequence> ShortcutTable::keys(Id id)
{
    const QList<Entry> entries = all();
    for (const Entry &entry : entries)
        if (entry.id == id)
            return entry.keys;
    Q_UNREACHABLE();
    return {};
}

bool ShortcutTable::matches(Id id, const QKeyEvent *event)
{
    const Qt::KeyboardModifiers pressed = event->modifiers();
    for (const QKeySequence &sequence : keys(id)) {
        const QKeyCombination combination = sequence[0];
        if (combination.key() != Qt::Key(event->key()))
            continue;
        const Qt::KeyboardModifiers wanted = combination.keyboardModifiers();
        const Qt::KeyboardModifiers relevant =
            wanted == Qt::NoModifier ? pressed & ~(Qt::ShiftModifier | Qt::KeypadModifier) : pressed;
        if ((relevant & ~Qt::KeypadModifier) == wanted)
            return true;
    }
    return false;
}

QString ShortcutTable::text(const QList<QKeySequence> &keys)
{
    QStringList parts;
    for (const QKeySequence &key : keys)
        parts << key.toString(QKeySequence::NativeText);
    return parts.join(QStringLiteral(", "));
}

} // namespace Sanzaru::Ui
