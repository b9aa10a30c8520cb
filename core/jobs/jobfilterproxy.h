// SPDX-License-Identifier: MIT
#pragma once

#include "jobs/jobtypes.h"

#include <QSortFilterProxyModel>

namespace Sanzaru::Core {

/// What the queue view shows of a JobListModel: filtered by a group of states, a group of kinds and a
/// case-insensitive text (the prompt or the job id contains it), newest first (by creation time; jobs
/// created in the same millisecond keep their queue order, the later one first).
class JobFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobFilterProxy)

public:
    enum class StateFilter {
        All,
        Active,            ///< Queued, Submitting, Running, Downloading, Overdue
        Completed,         ///< Completed
        FailedOrCancelled, ///< Failed, Cancelled
    };
    Q_ENUM(StateFilter)

    enum class KindFilter {
        All,
        Videos,     ///< Video, Remix, Download
        Images,     ///< ResponsesImage, ImageGenerate, ImageEdit
        References, ///< PrepareReference
    };
    Q_ENUM(KindFilter)

    explicit JobFilterProxy(QObject *parent = nullptr);

    StateFilter stateFilter() const { return m_stateFilter; }
    void setStateFilter(StateFilter filter);
    KindFilter kindFilter() const { return m_kindFilter; }
    void setKindFilter(KindFilter filter);
    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);

    static bool matches(StateFilter filter, JobState state);
    static bool matches(KindFilter filter, JobKind kind);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    StateFilter m_stateFilter = StateFilter::All;
    KindFilter m_kindFilter = KindFilter::All;
    QString m_searchText;
};

} // namespace Sanzaru::Core
