// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QKeySequence>
#include <QList>
#include <QString>

class QKeyEvent;

namespace Sanzaru::Ui {

/// The one table of the app's keyboard shortcuts: the menus, the job list, the forms and the
/// Help ▸ Keyboard shortcuts dialog all read it, so the list shown cannot drift from what the keys do.
class ShortcutTable
{
    Q_DECLARE_TR_FUNCTIONS(ShortcutTable)

public:
    enum class Id {
        NewVideo,
        NewImage,
        ImportReferences,
        Quit,
        Settings,
        KeyboardShortcuts,
        SubmitForm,
        CancelJob,
        RetryJob,
        DownloadJob,
        OpenJob,
        ShowJobInFolder,
        CopyPrompt,
        CopyJobId,
        RemoveJob,
        ClearFinished,
        ZoomIn,
        ZoomOut,
        FitToWindow,
        ActualSize,
        PlayPause,
    };

    struct Entry
    {
        Id id;
        QString area;   ///< where the keys work ("Window", "Job list", "Forms")
        QString action; ///< what they do, without mnemonics
        QList<QKeySequence> keys;
    };

    /// The keys of one action; never empty (platform-standard keys that are empty on a platform, such as
    /// QKeySequence::Preferences on X11, are complemented by an explicit one).
    static QList<QKeySequence> keys(Id id);
    /// Every shortcut, in the order the dialog lists them.
    static QList<Entry> all();
    /// Whether a key press is one of id's keys. Keys without modifiers ignore Shift and the keypad, so
    /// "+" works on layouts where it needs Shift.
    static bool matches(Id id, const QKeyEvent *event);
    /// The keys as shown to the user, e.g. "Ctrl+N" or "Ctrl+Return, Ctrl+Enter".
    static QString text(const QList<QKeySequence> &keys);
};

} // namespace Sanzaru::Ui
