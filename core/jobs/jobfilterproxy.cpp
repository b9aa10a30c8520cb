// SPDX-License-Identifier: MIT
#include "jobfilterproxy.h"

#include "jobs/jobkindtraits.h"
#include "jobs/jobroles.h"

#include <QDateTime>

namespace Sanzaru::Core {

using namespace JobRoles;

JobFilterProxy::JobFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    // The model reports StateRole in every change of a row, so naming it as the filter role makes the
    // proxy re-filter a row exactly when its state can have moved it in or out of a filter.
    setFilterRole(StateRole);
    setSortRole(CreatedAtRole);
    setDynamicSortFilter(true);
    sort(0, Qt::DescendingOrder);
}

void JobFilterProxy::setStateFilter(StateFilter filter)
{
    if (m_stateFilter == filter)
        return;
    m_stateFilter = filter;
    invalidateFilter();
}

void JobFilterProxy::setKindFilter(KindFilter filter)
{
    if (m_kindFilter == filter)
        return;
    m_kindFilter = filter;
    invalidateFilter();
}

void JobFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_searchText == trimmed)
        return;
    m_searchText = trimmed;
    invalidateFilter();
}

bool JobFilterProxy::matches(StateFilter filter, JobState state)
{
    switch (filter) {
    case StateFilter::All:
        return true;
    case StateFilter::Active:
        return !isTerminal(state);
    case StateFilter::Completed:
        return state == JobState::Completed;
    case StateFilter::FailedOrCancelled:
        return state == JobState::Failed || state == JobState::Cancelled;
    }
    return true;
}

bool JobFilterProxy::matches(KindFilter filter, JobKind kind)
{
    switch (filter) {
    case KindFilter::All:
        return true;
    case KindFilter::Videos:
        return traitsOf(kind).video;
    case KindFilter::Images:
        return !traitsOf(kind).video && traitsOf(kind).slotGroup == SlotGroup::Image;
    case KindFilter::References:
        return traitsOf(kind).slotGroup == SlotGroup::Prepare;
    }
    return true;
}

bool JobFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!matches(m_stateFilter, JobState(index.data(StateRole).toInt())))
        return false;
    if (!matches(m_kindFilter, JobKind(index.data(KindRole).toInt())))
        return false;
    if (m_searchText.isEmpty())
        return true;
    return index.data(PromptRole).toString().contains(m_searchText, Qt::CaseInsensitive) ||
           index.data(IdRole).toString().contains(m_searchText, Qt::CaseInsensitive);
}

bool JobFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QDateTime a = left.data(CreatedAtRole).toDateTime();
    const QDateTime b = right.data(CreatedAtRole).toDateTime();
    if (a != b)
        return a < b;
    return left.row() < right.row();
}

} // namespace Sanzaru::Core
